import { Caller, CallerScope, RecordPlace, Role, SCOPE_CODE_LENGTH, SCOPE_LEVELS, ScopeLevel, scopeActsAt, scopeRank } from '@eduaid/contracts';

/**
 * Which roles each task kind belongs to: only they list a task of the kind, open it, claim or decide
 * it (deciding still needs the task's candidate role) and read the timeline of a case made of such
 * tasks. Aid tasks carry a student's id, entitlement lines and cash amounts: they belong to the aid
 * staff, never to mentors. A kind not listed here belongs to its task's candidate role and to
 * supervisors only, so a new kind is closed until someone adds it. (Mentoring's job-assistance kinds
 * are added here when that service creates tasks.)
 */
export const TASK_KIND_ROLES: Readonly<Record<string, readonly Role[]>> = {
  'aid-approval': ['caseworker', 'approver', 'supervisor'],
  'aid-appeal': ['caseworker', 'approver', 'supervisor'],
  'aid-more-information': ['caseworker', 'approver', 'supervisor'],
  // A campaign's lists: a school's list (caseworkers at the school), a county's approval and a prefecture sign-off (approvers).
  'campaign-school-list': ['caseworker', 'supervisor'],
  'campaign-county-list': ['approver', 'supervisor'],
  'campaign-sign-off': ['approver', 'supervisor'],
  // A graduate's tuition compensation / loan repayment: the commitment's evidence (caseworkers), the approval chain (approvers).
  'graduate-commitment-verification': ['caseworker', 'supervisor'],
  'graduate-compensation-approval': ['approver', 'supervisor'],
};

/** Roles that oversee every kind: they read case timelines (the task routes themselves are not theirs). */
export const OVERSIGHT_ROLES: readonly Role[] = ['auditor', 'programme-admin'];

/**
 * Kinds whose every step must say the level it is held at (TaskPlace.level): approval steps. A
 * workflow that creates one without a level is refused, rather than letting any scope decide it.
 */
export const LEVELLED_KINDS: readonly string[] = ['aid-approval', 'aid-appeal', 'campaign-school-list', 'campaign-county-list', 'campaign-sign-off', 'graduate-compensation-approval'];

export interface TaskAccessFacts {
  kind: string;
  candidateRole: Role;
}

/** The roles a task belongs to. */
export function rolesOfTask(task: TaskAccessFacts): readonly Role[] {
  return TASK_KIND_ROLES[task.kind] ?? [task.candidateRole, 'supervisor'];
}

export function kindBelongsTo(roles: readonly Role[], task: TaskAccessFacts): boolean {
  const owners = rolesOfTask(task);
  return roles.some((r) => owners.includes(r));
}

/**
 * Where a task lies, for "the user's scope covers the task's place" (scopeCovers in contracts, which
 * assertInScope applies; TasksRepository says the same in SQL for lists and eligible users).
 */
export function placeOf(task: { divisionCode: string; schoolCode: string | null }): RecordPlace {
  return { divisionCode: task.divisionCode, schoolCode: task.schoolCode ?? undefined };
}

/** Whether the caller's scope may act on a task held at `level` (none: any scope covering it may). */
export function levelAllows(scope: CallerScope, task: { deciderLevel: ScopeLevel | null; divisionCode: string; schoolCode: string | null }): boolean {
  if (!task.deciderLevel) return true;
  return scopeActsAt(scope, task.deciderLevel, placeOf(task));
}

/** The levels at or below (narrower than) a level, for "users within a scope". */
export function levelsWithin(level: ScopeLevel): ScopeLevel[] {
  return SCOPE_LEVELS.filter((l) => scopeRank(l) >= scopeRank(level));
}

/** What a task's step level means, for a refusal that names the rule. */
export function levelRule(task: { taskId: string; deciderLevel: ScopeLevel | null; divisionCode: string; schoolCode: string | null }, caller: Caller): string {
  const level = task.deciderLevel as ScopeLevel;
  const where = level === 'school' ? `school ${task.schoolCode ?? '(none)'}` : `${level} ${task.divisionCode.slice(0, SCOPE_CODE_LENGTH[level])}`;
  return `Task ${task.taskId} is a ${level}-level step: only someone scoped at ${level} level covering it (${where}) may claim or decide it; your scope is ${caller.scope.level} ${caller.scope.code}.`;
}

/**
 * Four eyes, the one rule: nobody decides, or is given, a task they submitted, that its workflow
 * excluded them from, or whose previous step they decided. `earlierDeciders` are the latter (read
 * from the process's completed tasks, TasksRepository.earlierDeciders); without them the rule is
 * applied as far as the task itself says (an inbox's "could act", choosing a first assignee). The
 * inbox's group view says the same in SQL (TasksRepository.inbox).
 */
export function fourEyesExcluded(task: { submittedBy: string | null; excludedDeciders: readonly string[] }, earlierDeciders: readonly string[] = []): string[] {
  return [...(task.submittedBy ? [task.submittedBy] : []), ...task.excludedDeciders, ...earlierDeciders];
}

export function fourEyesExcludes(task: { submittedBy: string | null; excludedDeciders: readonly string[] }, userId: string, earlierDeciders: readonly string[] = []): boolean {
  return fourEyesExcluded(task, earlierDeciders).includes(userId);
}
