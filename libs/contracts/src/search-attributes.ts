/**
 * Custom search attributes eduaid registers on the Temporal namespace so that the Temporal UI (and
 * list queries) can filter cases by status, county, stage and assignee.
 */
export const SEARCH_ATTRIBUTES = {
  status: { name: 'EduaidStatus', type: 'KEYWORD' },
  county: { name: 'EduaidCounty', type: 'KEYWORD' },
  stage: { name: 'EduaidStage', type: 'KEYWORD' },
  assignee: { name: 'EduaidAssignee', type: 'KEYWORD' },
} as const;

export type SearchAttributeKey = keyof typeof SEARCH_ATTRIBUTES;
