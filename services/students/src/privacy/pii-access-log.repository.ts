import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, WhereExpressionBuilder } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset, selectColumns } from '@eduaid/platform';
import type { SqlSession } from '@eduaid/platform';
import { PiiAccessEntity } from './pii-access.entity';

export type AccessKind = 'reveal' | 'lookup';

export interface AccessLogEntry {
  kind: AccessKind;
  actorUserId: string;
  actorRoles: string[];
  /** Absent for a lookup that found nobody. */
  studentId?: string;
  /** Where the student was when read (or, for a lookup that found nobody, the looking user's jurisdiction). */
  place: { divisionCode?: string; schoolCode?: string };
  field: string;
  reason: string;
  requestId?: string;
}

export interface AccessLogRow {
  id: string;
  at: Date;
  kind: AccessKind;
  actor_user_id: string;
  actor_roles: string[];
  student_id: string | null;
  field: string;
  reason: string;
  request_id: string | null;
}

/** The columns of a log row (AccessLogRow) the list answers. */
const LOG_COLUMNS: readonly (keyof AccessLogRow)[] = ['id', 'at', 'kind', 'actor_user_id', 'actor_roles', 'student_id', 'field', 'reason', 'request_id'];

/**
 * The access log's scope condition: an entry belongs to the place of the student it is about, as it
 * was when read, so a county's auditor keeps seeing the reads made while the student was theirs. Not
 * the students' place (scopeCoversSql): every scope wider than a school matches the division or the
 * school by prefix, and the province also keeps entries without a place.
 */
function whereInLogScope<Q extends WhereExpressionBuilder>(query: Q, scope: CallerScope): Q {
  if (scope.level === 'school') return query.andWhere('l.place_school = :scope_code', { scope_code: scope.code }) as Q;
  // An entry whose student was gone before places were recorded has none: the province's auditors keep it.
  const placeless = scope.level === 'province' ? ' OR (l.place_division IS NULL AND l.place_school IS NULL)' : '';
  return query.andWhere(`(l.place_division LIKE :scope_code || '%' OR l.place_school LIKE :scope_code || '%'${placeless})`, { scope_code: scope.code }) as Q;
}

/** Every read of a full national ID or account number, and every lookup by one: who, whose record, which field, when, why. */
@Injectable()
export class PiiAccessLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AccessLogEntry): Promise<void> {
    await this.recordMany(manager, [entry]);
  }

  /** Whether a graduate import's chunk has logged its lookups already (its activity is retried). */
  async hasGraduateImportRequest(manager: EntityManager, requestId: string): Promise<boolean> {
    // A transaction-scoped advisory lock (two attempts of one chunk queue): the ORM has no word for it.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [requestId]);
    // The LIKE lets the planner use the partial index on graduate-import request ids.
    return manager.getRepository(PiiAccessEntity).createQueryBuilder('l')
      .where(`l.requestId = :requestId AND l.requestId LIKE 'graduate-import:%'`, { requestId })
      .getExists();
  }

  /**
   * Several entries in one statement (a roster chunk may confirm many numbers at once), in the
   * caller's transaction: a unit of work's manager, or the pg client a roster chunk is COPYed through.
   */
  async recordMany(session: SqlSession, entries: AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(f: (e: AccessLogEntry) => T) => entries.map(f);
    // SQL: it runs on a pg client of the COPY pool as well as on a unit of work's manager, and many rows go in one statement (unnest).
    await session.query(
      `INSERT INTO students.pii_access_log (kind, actor_user_id, actor_roles, student_id, place_division, place_school, field, reason, request_id)
       SELECT kind, actor, string_to_array(roles, ','), student, division, school, field, reason, request
         FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS e (kind, actor, roles, student, division, school, field, reason, request)`,
      [
        column((e) => e.kind), column((e) => e.actorUserId), column((e) => e.actorRoles.join(',')), column((e) => e.studentId ?? null),
        column((e) => e.place.divisionCode ?? null), column((e) => e.place.schoolCode ?? null), column((e) => e.field), column((e) => e.reason),
        column((e) => e.requestId ?? null),
      ],
    );
  }

  /** A page of the log inside the caller's jurisdiction, newest first (keyset on id). */
  async list(scope: CallerScope, filter: { studentId?: string; actorUserId?: string; kind?: AccessKind; after?: number; limit: number }): Promise<AccessLogRow[]> {
    const q = selectColumns(whereInLogScope(this.dataSource.getRepository(PiiAccessEntity).createQueryBuilder('l'), scope), 'l', LOG_COLUMNS);
    if (filter.studentId) q.andWhere('l.student_id = :studentId', { studentId: filter.studentId });
    if (filter.actorUserId) q.andWhere('l.actor_user_id = :actorUserId', { actorUserId: filter.actorUserId });
    if (filter.kind) q.andWhere('l.kind = :kind', { kind: filter.kind });
    return keysetPage(whereAfterKeyset(q, ['l.id'], filter.after ? [filter.after] : undefined, 'DESC'), ['l.id'], filter.limit, 'DESC').getRawMany<AccessLogRow>();
  }

  /**
   * Whether this user may make another lookup: at most `perMinute` in any sliding minute, counted from
   * the log itself, so every replica sees the same count. The user's lookups are serialised by an
   * advisory lock held until the transaction ends (the lookup's entry is written in it), so two at
   * once cannot both take the last place. Returns the seconds to wait when the limit is reached.
   */
  async lookupRetryAfter(manager: EntityManager, userId: string, perMinute: number): Promise<number | undefined> {
    // An advisory lock and a sliding-window count against clock_timestamp(): SQL.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('students.lookup:' || $1))`, [userId]);
    const [recent]: { lookups: number; wait: number | null }[] = await manager.query(
      `SELECT count(*)::int AS lookups, ceil(extract(epoch FROM min(at) + interval '1 minute' - clock_timestamp()))::int AS wait
         FROM (SELECT at FROM students.pii_access_log WHERE actor_user_id = $1 AND kind = 'lookup' AND at > clock_timestamp() - interval '1 minute'
               ORDER BY at DESC LIMIT $2) last`,
      [userId, perMinute],
    );
    return recent.lookups >= perMinute ? Math.max(1, recent.wait ?? 1) : undefined;
  }
}
