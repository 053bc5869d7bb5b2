/**
 * The roles that read students' records and what hangs off them (applications, campaigns,
 * households, coverage): one list, so a role added to one reading route is added to all.
 */
export const STUDENT_RECORD_READERS = ['caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor'] as const;
