import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, WhereExpressionBuilder } from 'typeorm';
import type { CallerScope, CreateTaskInput, Role, ScopeLevel, TaskStatus } from '@eduaid/contracts';
import { entityFromRaw, keysetPage, scopeCoversSql, whereAfterKeyset, whereInScope, whereStartsWith } from '@eduaid/platform';
import type { KeysetValueType, PlaceSql, ScopeSql } from '@eduaid/platform';
import { levelsWithin, TASK_KIND_ROLES } from './task-access';
import { CLAIMED_IF_HELD, NOW, TaskChange, TaskGuard } from './task-transitions';
import { TaskEntity } from './task.entity';

export const OPEN_STATUSES: TaskStatus[] = ['open', 'claimed', 'deciding'];

/** A place in SQL: expressions for its division code and its school code (either a column or a parameter). */
interface PlaceExpr {
  division: string;
  school: string;
}

/**
 * SQL for "the scope covers the place", the one rule every query here uses (scopeCoversSql in the
 * platform; scopeCovers in contracts, which assertInScope applies to a single task): a task may have
 * no school, and a county-or-wider scope also covers the schools its code prefixes.
 */
function coversSql(scope: ScopeSql, place: PlaceExpr): string {
  const taskPlace: PlaceSql = { division: place.division, school: place.school, widerBySchool: true, schoolNullable: true };
  return scopeCoversSql(scope, taskPlace);
}

/**
 * SQL for "the scope may act on a step held at `step` level at the place" (scopeActsAt in
 * contracts, levelAllows in task-access.ts): no level, or the scope is AT it and covers the place by
 * the level's own code (a school step: the school; any other: the division). `step` is an SQL
 * expression of type text.
 */
function actsAtSql(scope: ScopeSql & { levelSql: string }, step: string, place: PlaceExpr): string {
  const covers = (school: boolean) => (school ? `${place.school} = ${scope.code}` : `${place.division} LIKE ${scope.code} || '%'`);
  const byLevel = typeof scope.level === 'string' ? covers(scope.level === 'school') : `(CASE WHEN ${step} = 'school' THEN ${covers(true)} ELSE ${covers(false)} END)`;
  return `(${step} IS NULL OR (${scope.levelSql} = ${step} AND ${byLevel}))`;
}

const TASK_PLACE: PlaceExpr = { division: 't.division_code', school: 't.school_code' };

/** Where a task (t) sits for the caller's scope: a task may have no school (whereInScope in the platform). */
const TASK_SCOPE_PLACE: PlaceSql = { division: TASK_PLACE.division, school: TASK_PLACE.school, widerBySchool: true, schoolNullable: true };

/** Condition with named parameters (`:act_level`, `:act_code`): the caller's scope may act on the task (t) by its step's level (mirrors levelAllows). */
function actsOnTask(scope: CallerScope): { sql: string; params: Record<string, unknown> } {
  return { sql: actsAtSql({ level: scope.level, levelSql: ':act_level', code: ':act_code' }, 't.decider_level', TASK_PLACE), params: { act_level: scope.level, act_code: scope.code } };
}

/** Keeps the query to tasks (t) the caller's scope covers whose kind belongs to one of `roles` (kindBelongsTo in task-access.ts). */
function whereVisible<Q extends WhereExpressionBuilder>(query: Q, scope: CallerScope, roles: readonly Role[]): Q {
  const listedFor = Object.entries(TASK_KIND_ROLES).filter(([, owners]) => roles.some((r) => owners.includes(r))).map(([kind]) => kind);
  // An unlisted kind belongs to its candidate role and to supervisors.
  const unlisted = roles.includes('supervisor') ? 'true' : 't.candidate_role = ANY(:kind_roles::text[])';
  whereInScope(query, scope, TASK_SCOPE_PLACE);
  return query.andWhere(`(t.kind = ANY(:kinds_mine::text[]) OR (NOT (t.kind = ANY(:kinds_listed::text[])) AND ${unlisted}))`, {
    kinds_mine: listedFor,
    kinds_listed: Object.keys(TASK_KIND_ROLES),
    kind_roles: [...roles],
  }) as Q;
}

/**
 * SQL for "user u may take a task of this role at this place and level": active, holding the role,
 * with a scope covering the place and, when the step is held at a level, scoped AT that level and
 * covering the place by it. `$role`, `$division`, `$school`, `$level` name the parameters.
 */
function eligibleUserSql(p: { role: string; division: string; school: string; level: string }): string {
  const user = { level: { sql: 'u.scope_level' }, levelSql: 'u.scope_level', code: 'u.scope_code' };
  const place = { division: p.division, school: p.school };
  return `u.active AND ${p.role} = ANY(u.roles) AND ${coversSql(user, place)} AND ${actsAtSql(user, `${p.level}::text`, place)}`;
}

export interface InboxFilter {
  scope: CallerScope;
  userId: string;
  roles: Role[];
  view: 'mine' | 'group' | 'all';
  kind?: string;
  status?: TaskStatus;
  due?: 'overdue' | 'due-soon';
  escalated?: boolean;
  divisionCode?: string;
  subjectType?: string;
  subjectId?: string;
  sort: 'dueAt' | 'priority' | 'createdAt';
  after?: unknown[];
  limit: number;
}

const SORTS = {
  dueAt: { columns: ['t.due_at', 't.task_id'], casts: ['timestamptz', 'uuid'], dir: 'ASC' },
  priority: { columns: ['t.priority', 't.due_at', 't.task_id'], casts: ['int', 'timestamptz', 'uuid'], dir: 'ASC' },
  createdAt: { columns: ['t.created_at', 't.task_id'], casts: ['timestamptz', 'uuid'], dir: 'DESC' },
} as const;

export function sortKeyOf(row: TaskEntity, sort: InboxFilter['sort']): unknown[] {
  if (sort === 'priority') return [row.priority, row.dueAt.toISOString(), row.taskId];
  if (sort === 'createdAt') return [row.createdAt.toISOString(), row.taskId];
  return [row.dueAt.toISOString(), row.taskId];
}

/** The PostgreSQL type of each value of a sort's key, which a cursor must match. */
export function sortKeyTypes(sort: InboxFilter['sort']): readonly KeysetValueType[] {
  return SORTS[sort].casts;
}

@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private rows(manager?: EntityManager): Repository<TaskEntity> {
    return (manager ?? this.dataSource.manager).getRepository(TaskEntity);
  }

  /**
   * A task from a row that raw SQL answered (`RETURNING *`, `SELECT t.*`): each column under its
   * entity property, by the entity's metadata. pg already gives the values their JavaScript types
   * (timestamptz a Date, jsonb parsed, text[] an array), as the entity manager's reads do.
   */
  private fromRaw(raw: Record<string, unknown>): TaskEntity {
    return entityFromRaw(this.dataSource, TaskEntity, raw);
  }

  // A missing id finds nothing (the ORM would drop an undefined condition and answer any task).
  async byId(taskId: string, manager?: EntityManager): Promise<TaskEntity | undefined> {
    if (taskId == null) return undefined;
    return (await this.rows(manager).findOneBy({ taskId })) ?? undefined;
  }

  async byIdempotencyKey(key: string, manager: EntityManager): Promise<TaskEntity | undefined> {
    if (key == null) return undefined;
    return (await this.rows(manager).findOneBy({ idempotencyKey: key })) ?? undefined;
  }

  /**
   * Raw SQL: ON CONFLICT DO NOTHING RETURNING * answers the row only when this call made it (a
   * concurrent retry's key is left out), and the status and claimed_at follow the assignee in the
   * same statement, by the database's clock.
   */
  async insert(input: CreateTaskInput, idempotencyKey: string, assigneeId: string | null, manager: EntityManager): Promise<TaskEntity | undefined> {
    const rows: Record<string, unknown>[] = await manager.query(
      `INSERT INTO casework.tasks (task_id, idempotency_key, workflow_id, kind, subject_type, subject_id, step, step_index, attempt,
         candidate_role, division_code, school_code, assignee_id, claimed_at, status, priority, due_at, data, submitted_by, excluded_deciders, decider_level)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, CASE WHEN $13::text IS NULL THEN NULL ELSE now() END,
         CASE WHEN $13::text IS NULL THEN 'open' ELSE 'claimed' END, $14,$15,$16,$17,$18,$19)
       ON CONFLICT DO NOTHING RETURNING *`,
      [
        input.taskId, idempotencyKey, input.workflowId, input.kind, input.subject.type, input.subject.id, input.step, input.stepIndex, input.attempt,
        input.candidateRole, input.place.divisionCode, input.place.schoolCode ?? null, assigneeId, input.priority, input.dueAt,
        JSON.stringify(input.data ?? {}), input.submittedBy ?? null, input.excludedDeciders ?? [], input.place.level ?? null,
      ],
    );
    return rows[0] && this.fromRaw(rows[0]);
  }

  async byIds(taskIds: string[], manager: EntityManager): Promise<TaskEntity[]> {
    return this.rows(manager).findBy({ taskId: In(taskIds) });
  }

  async byIdempotencyKeys(keys: string[], manager: EntityManager): Promise<TaskEntity[]> {
    return this.rows(manager).findBy({ idempotencyKey: In(keys) });
  }

  /**
   * Many tasks in one multi-row statement (unnest of one array per column); answers the rows inserted (a key already there is left out).
   * Raw SQL: one INSERT … SELECT FROM unnest … ON CONFLICT DO NOTHING RETURNING * for the whole batch,
   * which the ORM's insert cannot say with the per-row computed status and the skipped duplicates.
   */
  async insertMany(rows: { input: CreateTaskInput; key: string; assigneeId: string | null }[], manager: EntityManager): Promise<TaskEntity[]> {
    if (rows.length === 0) return [];
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const inserted: Record<string, unknown>[] = await manager.query(
      `INSERT INTO casework.tasks (task_id, idempotency_key, workflow_id, kind, subject_type, subject_id, step, step_index, attempt,
         candidate_role, division_code, school_code, assignee_id, claimed_at, status, priority, due_at, data, submitted_by, excluded_deciders, decider_level)
       SELECT u.task_id, u.key, u.workflow_id, u.kind, u.subject_type, u.subject_id, u.step, u.step_index, u.attempt, u.role, u.division, u.school, u.assignee,
              CASE WHEN u.assignee IS NULL THEN NULL ELSE now() END, CASE WHEN u.assignee IS NULL THEN 'open' ELSE 'claimed' END, u.priority, u.due_at, u.data::jsonb, u.submitted_by,
              ARRAY(SELECT jsonb_array_elements_text(u.excluded::jsonb)), u.level
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::text[], $11::text[], $12::text[], $13::text[],
                     $14::int[], $15::timestamptz[], $16::text[], $17::text[], $18::text[], $19::text[])
              WITH ORDINALITY AS u(task_id, key, workflow_id, kind, subject_type, subject_id, step, step_index, attempt, role, division, school, assignee, priority, due_at, data, submitted_by, excluded, level, n)
        ORDER BY u.n
       ON CONFLICT DO NOTHING RETURNING *`,
      [
        col((r) => r.input.taskId), col((r) => r.key), col((r) => r.input.workflowId), col((r) => r.input.kind), col((r) => r.input.subject.type), col((r) => r.input.subject.id),
        col((r) => r.input.step), col((r) => r.input.stepIndex), col((r) => r.input.attempt), col((r) => r.input.candidateRole), col((r) => r.input.place.divisionCode),
        col((r) => r.input.place.schoolCode ?? null), col((r) => r.assigneeId), col((r) => r.input.priority), col((r) => r.input.dueAt), col((r) => JSON.stringify(r.input.data ?? {})),
        col((r) => r.input.submittedBy ?? null), col((r) => JSON.stringify(r.input.excludedDeciders ?? [])), col((r) => r.input.place.level ?? null),
      ],
    );
    return inserted.map((r) => this.fromRaw(r));
  }

  /**
   * Least-loaded assignment for many tasks of one role at once (a county's school lists): one query
   * finds every eligible user of each task with their load, then each task in turn goes to the
   * least loaded (counting the tasks this batch gave them), longest since an assignment first;
   * one UPDATE stamps who got work. Serialised per role as pickAssignee is.
   */
  // Raw SQL: an advisory lock, a join of unnest(…) against users through the shared scope helper and a correlated count.
  async pickAssignees(role: Role, places: { divisionCode: string; schoolCode?: string; level?: ScopeLevel; excluded: string[] }[], manager: EntityManager): Promise<(string | undefined)[]> {
    if (places.length === 0) return [];
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`casework.assign:${role}`]);
    const rows: { n: string; user_id: string; load: string; last_assigned_at: Date | null }[] = await manager.query(
      `SELECT p.n, u.user_id, u.last_assigned_at,
              (SELECT count(*) FROM casework.tasks t WHERE t.assignee_id = u.user_id AND t.status IN ('claimed','deciding')) AS load
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS p(division, school, level, excluded, n)
         JOIN casework.users u ON ${eligibleUserSql({ role: '$1', division: 'p.division', school: 'p.school', level: 'p.level' })}
          AND u.scope_level IN ('county','township','school')
          AND NOT (u.user_id = ANY(ARRAY(SELECT jsonb_array_elements_text(p.excluded::jsonb))))`,
      [role, places.map((p) => p.divisionCode), places.map((p) => p.schoolCode ?? null), places.map((p) => p.level ?? null), places.map((p) => JSON.stringify(p.excluded))],
    );
    const load = new Map<string, number>();
    const last = new Map<string, number>();
    for (const r of rows) {
      load.set(r.user_id, Number(r.load));
      last.set(r.user_id, r.last_assigned_at ? r.last_assigned_at.getTime() : -Infinity);
    }
    const picked: (string | undefined)[] = [];
    let tick = Date.now();
    for (let i = 0; i < places.length; i += 1) {
      const candidates = rows.filter((r) => Number(r.n) === i + 1).map((r) => r.user_id);
      candidates.sort((a, b) => (load.get(a) as number) - (load.get(b) as number) || (last.get(a) as number) - (last.get(b) as number) || (a < b ? -1 : a > b ? 1 : 0));
      const userId = candidates[0];
      if (userId) {
        load.set(userId, (load.get(userId) as number) + 1);
        last.set(userId, (tick += 1));
      }
      picked.push(userId);
    }
    const stamped = [...new Set(picked.filter((u): u is string => u !== undefined))];
    if (stamped.length > 0) await manager.query('UPDATE casework.users SET last_assigned_at = clock_timestamp() WHERE user_id = ANY($1)', [stamped]);
    return picked;
  }

  /**
   * The eligible user with the fewest open tasks (or, round-robin, the one assigned longest ago):
   * active, holding the role, with a county-or-narrower jurisdiction covering the place (wider
   * staff take work from the pool), at the step's level if it has one, and not excluded by four eyes.
   */
  // Raw SQL: an advisory lock and eligibility through the shared scope helper, ordered by a correlated count.
  async pickAssignee(role: Role, place: { divisionCode: string; schoolCode?: string; level?: ScopeLevel }, excluded: string[], strategy: 'least-loaded' | 'round-robin', manager: EntityManager): Promise<string | undefined> {
    // Serialise assignments per role, so two tasks created together do not both pick the same "least loaded" person.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`casework.assign:${role}`]);
    const order = strategy === 'round-robin' ? 'u.last_assigned_at ASC NULLS FIRST, u.user_id' : 'load ASC, u.last_assigned_at ASC NULLS FIRST, u.user_id';
    const rows: { user_id: string }[] = await manager.query(
      `SELECT u.user_id,
              (SELECT count(*) FROM casework.tasks t WHERE t.assignee_id = u.user_id AND t.status IN ('claimed','deciding')) AS load
         FROM casework.users u
        WHERE ${eligibleUserSql({ role: '$1', division: '$2', school: '$3', level: '$5' })}
          AND u.scope_level IN ('county','township','school')
          AND NOT (u.user_id = ANY($4))
        ORDER BY ${order} LIMIT 1`,
      [role, place.divisionCode, place.schoolCode ?? null, excluded, place.level ?? null],
    );
    const userId = rows[0]?.user_id;
    if (userId) await manager.query('UPDATE casework.users SET last_assigned_at = clock_timestamp() WHERE user_id = $1', [userId]);
    return userId;
  }

  /** Supervisors covering the place, narrowest jurisdiction first, then least loaded. */
  // Raw SQL: eligibility through the shared scope helper, ordered by scope width and a correlated count.
  async pickSupervisor(place: { divisionCode: string; schoolCode?: string | null }, manager: EntityManager): Promise<string | undefined> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT u.user_id FROM casework.users u
        WHERE ${eligibleUserSql({ role: `'supervisor'`, division: '$1', school: '$2', level: 'NULL' })}
        ORDER BY length(u.scope_code) DESC,
                 (SELECT count(*) FROM casework.tasks t WHERE t.escalated_to = u.user_id AND t.status IN ('open','claimed','deciding')), u.user_id
        LIMIT 1`,
      [place.divisionCode, place.schoolCode ?? null],
    );
    return rows[0]?.user_id;
  }

  /** Users eligible for a task (for reminders of a task nobody holds). */
  // Raw SQL: eligibility through the shared scope helper.
  async eligibleUsers(role: Role, place: { divisionCode: string; schoolCode?: string | null; level?: ScopeLevel | null }, limit: number): Promise<string[]> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT u.user_id FROM casework.users u
        WHERE ${eligibleUserSql({ role: '$1', division: '$2', school: '$3', level: '$5' })}
        ORDER BY length(u.scope_code) DESC, u.user_id LIMIT $4`,
      [role, place.divisionCode, place.schoolCode ?? null, limit, place.level ?? null],
    );
    return rows.map((r) => r.user_id);
  }

  // Raw SQL: eligibility through the shared scope helper.
  async userCanTake(userId: string, role: Role, place: { divisionCode: string; schoolCode: string | null; level: ScopeLevel | null }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM casework.users u WHERE u.user_id = $1 AND ${eligibleUserSql({ role: '$2', division: '$3', school: '$4', level: '$5' })}`,
      [userId, role, place.divisionCode, place.schoolCode, place.level],
    );
    return rows.length > 0;
  }

  /** Deciders of earlier steps of the same process: four eyes. */
  // Raw SQL: DISTINCT ON (step_index) … ORDER BY decided_at DESC, the latest decider per step.
  async earlierDeciders(workflowId: string, stepIndex: number): Promise<string[]> {
    const rows: { decided_by: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (step_index) decided_by FROM casework.tasks
        WHERE workflow_id = $1 AND step_index = $2 - 1 AND status = 'completed' AND decided_by IS NOT NULL
        ORDER BY step_index, decided_at DESC`,
      [workflowId, stepIndex],
    );
    return rows.map((r) => r.decided_by);
  }


  /**
   * One conditional UPDATE (a transition of task-transitions.ts): the change happens only if the
   * task is still in one of the `from` states and the guard holds. Answers the task as changed, or
   * undefined when it was not as expected. Unless `keepVersion`, the version goes up by one.
   * Raw SQL: one compare-and-set UPDATE … RETURNING * with values the database computes (its clock,
   * CASE, GREATEST); the repository API's update() answers no row, and a read after it could see a
   * later change. `set` names entity properties, written as their columns by the entity's metadata.
   */
  async transition(taskId: string, from: readonly TaskStatus[], set: TaskChange, guard: TaskGuard, options: { keepVersion?: boolean }, manager?: EntityManager): Promise<TaskEntity | undefined> {
    const metadata = this.dataSource.getMetadata(TaskEntity);
    const params: unknown[] = [taskId, from];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const assignments = Object.entries(set).map(([property, value]) => {
      // Column names come from the entity's metadata; refuse anything else rather than write it into SQL.
      const column = metadata.findColumnWithPropertyName(property)?.databaseName;
      if (!column || !/^[a-z_]+$/.test(column)) throw new Error(`not a task column: ${property}`);
      if (value === NOW) return `${column} = now()`;
      if (value === CLAIMED_IF_HELD) return `${column} = CASE WHEN assignee_id IS NULL THEN 'open' ELSE 'claimed' END`;
      if (typeof value === 'object' && value !== null && 'computed' in value && value.computed === 'at-least') return `${column} = GREATEST(${column}, ${p(value.value)})`;
      return `${column} = ${p(value)}`;
    });
    if (!options.keepVersion) assignments.push('version = version + 1', 'updated_at = now()');
    const where = ['task_id = $1', 'status = ANY($2)'];
    if (guard.assigneeIs !== undefined) where.push(`assignee_id = ${p(guard.assigneeIs)}`);
    if (guard.versionIs !== undefined) where.push(`version = ${p(guard.versionIs)}`);
    if (guard.freeOrHeldBy !== undefined) {
      const user = p(guard.freeOrHeldBy);
      where.push(`(assignee_id IS NULL OR assignee_id = ${user} OR escalated_to = ${user})`);
    }
    if (guard.decidedBy !== undefined) where.push(`decided_by = ${p(guard.decidedBy)}`);
    if (guard.notEscalated) where.push('escalated_at IS NULL');
    if (guard.claimedLongerThanMs !== undefined) where.push(`claimed_at < now() - (${p(guard.claimedLongerThanMs)}::bigint * interval '1 millisecond')`);
    const rows: [Record<string, unknown>[], number] | Record<string, unknown>[] = await (manager ?? this.dataSource).query(
      `UPDATE casework.tasks SET ${assignments.join(', ')} WHERE ${where.join(' AND ')} RETURNING *`,
      params,
    );
    // TypeORM's postgres driver answers [rows, count] for UPDATE … RETURNING.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return list[0] && this.fromRaw(list[0]);
  }

  /** Decisions still 'deciding' after `stuckForMs`: interrupted between winning the task and the workflow's Update. */
  async stuckDecisions(stuckForMs: number, limit: number): Promise<TaskEntity[]> {
    // By the database's clock, as the decision's decided_at was compared before.
    return this.rows()
      .createQueryBuilder('t')
      .where(`t.status = 'deciding'`)
      .andWhere('t.decided_at < now() - make_interval(secs => :secs)', { secs: stuckForMs / 1000 })
      .orderBy('t.decided_at')
      .limit(limit)
      .getMany();
  }

  /** The scoped keyset list (the inbox): the caller's tasks by view and filters, one page in the sort's order. */
  async inbox(f: InboxFilter): Promise<TaskEntity[]> {
    // In scope, and of a kind that belongs to one of the caller's roles (task-access.ts).
    const q = whereVisible(this.rows().createQueryBuilder('t'), f.scope, f.roles);
    if (f.view === 'mine') q.andWhere('(t.assignee_id = :userId OR t.escalated_to = :userId)', { userId: f.userId });
    // The group's open tasks that this caller could take: their role, their level, not excluded.
    // Four eyes as far as the task says (fourEyesExcludes in task-access.ts, without the previous step's deciders).
    if (f.view === 'group') {
      const acts = actsOnTask(f.scope);
      q.andWhere(`t.status = 'open' AND t.candidate_role = ANY(:roles::text[]) AND NOT (:userId = ANY(t.excluded_deciders)) AND t.submitted_by IS DISTINCT FROM :userId AND ${acts.sql}`, {
        roles: f.roles,
        userId: f.userId,
        ...acts.params,
      });
    }
    if (f.status) q.andWhere('t.status = :status', { status: f.status });
    else if (f.view !== 'all') q.andWhere(`t.status IN ('open','claimed','deciding')`);
    if (f.kind) q.andWhere('t.kind = :kind', { kind: f.kind });
    if (f.due === 'overdue') q.andWhere(`t.due_at < now() AND t.status IN ('open','claimed','deciding')`);
    if (f.due === 'due-soon') q.andWhere(`t.due_at >= now() AND t.due_at < now() + interval '1 day'`);
    if (f.escalated !== undefined) q.andWhere(f.escalated ? 't.escalated_at IS NOT NULL' : 't.escalated_at IS NULL');
    whereStartsWith(q, 't.division_code', f.divisionCode, 'divisionCode');
    if (f.subjectType) q.andWhere('t.subject_type = :subjectType', { subjectType: f.subjectType });
    if (f.subjectId) q.andWhere('t.subject_id = :subjectId', { subjectId: f.subjectId });
    const sort = SORTS[f.sort];
    const keys = sort.columns.map((column, i) => ({ column, cast: sort.casts[i] }));
    return keysetPage(whereAfterKeyset(q, keys, f.after, sort.dir), keys, f.limit, sort.dir).getMany();
  }

  /** Five counts of the caller's open tasks in one pass (count … FILTER, read raw), on the inbox's conditions. */
  async counts(scope: CallerScope, userId: string, roles: Role[]): Promise<{ mine: number; group: number; overdue: number; due_soon: number; escalated: number }> {
    const acts = actsOnTask(scope);
    const mine = '(t.assignee_id = :userId OR t.escalated_to = :userId)';
    const group = `(t.status = 'open' AND t.candidate_role = ANY(:roles::text[]) AND ${acts.sql})`;
    const q = this.rows()
      .createQueryBuilder('t')
      .select(`count(*) FILTER (WHERE ${mine})`, 'mine')
      .addSelect(`count(*) FILTER (WHERE ${group})`, 'group')
      .addSelect(`count(*) FILTER (WHERE t.due_at < now() AND (${mine} OR ${group}))`, 'overdue')
      .addSelect(`count(*) FILTER (WHERE t.due_at >= now() AND t.due_at < now() + interval '1 day' AND (t.assignee_id = :userId OR ${group}))`, 'due_soon')
      .addSelect('count(*) FILTER (WHERE t.escalated_at IS NOT NULL)', 'escalated')
      .setParameters({ userId, roles, ...acts.params });
    whereVisible(q, scope, roles).andWhere(`t.status IN ('open','claimed','deciding')`);
    const r = (await q.getRawOne<Record<string, string>>()) as Record<string, string>;
    return { mine: Number(r.mine), group: Number(r.group), overdue: Number(r.overdue), due_soon: Number(r.due_soon), escalated: Number(r.escalated) };
  }

  /**
   * Per user in the supervisor's jurisdiction who can take tasks: what they hold, keyset on user id.
   * "In the jurisdiction" is scopeWithin: the same level or narrower, inside the supervisor's code (a
   * school's code names its county, so a township supervisor sees no school users).
   */
  // Raw SQL: users LEFT JOIN tasks, aggregated with FILTER per user, keyset on user id.
  async workload(scope: CallerScope, afterUserId: string | undefined, limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT u.user_id, u.display_name, u.roles, u.scope_level, u.scope_code,
              count(t.task_id) FILTER (WHERE t.status IN ('claimed','deciding')) AS holding,
              count(t.task_id) FILTER (WHERE t.status IN ('claimed','deciding') AND t.due_at < now()) AS overdue,
              count(t.task_id) FILTER (WHERE t.status IN ('claimed','deciding') AND t.escalated_at IS NOT NULL) AS escalated,
              min(t.due_at) FILTER (WHERE t.status IN ('claimed','deciding')) AS next_due
         FROM casework.users u
         LEFT JOIN casework.tasks t ON t.assignee_id = u.user_id
        WHERE u.active AND u.roles && ARRAY['caseworker','approver','mentor']::text[]
          AND u.scope_code LIKE $1 || '%' AND u.scope_level = ANY($4::text[]) AND ($2::text IS NULL OR u.user_id > $2)
        GROUP BY u.user_id ORDER BY u.user_id LIMIT $3`,
      [scope.code, afterUserId ?? null, limit, levelsWithin(scope.level).filter((l) => !(scope.level === 'township' && l === 'school'))],
    );
  }

  async forSubject(subjectType: string, subjectId: string): Promise<TaskEntity[]> {
    return this.rows().find({ where: { subjectType, subjectId }, order: { createdAt: 'ASC' } });
  }
}
