import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan, Repository } from 'typeorm';
import type { ScopeLevel } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset } from '@eduaid/platform';
import { AuditEntryEntity, AuditJson } from './audit-entry.entity';
import { chainHash, GENESIS_HASH } from './canonical-json';

/** What a caller asks to be recorded. */
export interface AuditInput {
  actor: string;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  divisionCode?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
  /** An entry with the same key is written once (retried activities). */
  idempotencyKey?: string;
}

/** The hashed part of an entry: everything but its position and its own hash. */
export interface AuditEntryBody {
  entryId: string;
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  divisionCode: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

// One lock for the whole log: appends are serialised so that each entry links to the one before.
const AUDIT_LOCK = 'casework.audit_log';

/** Plain JSON only (no undefined, Dates as strings), i.e. what jsonb will give back. */
const asJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

export function bodyOfRow(row: AuditEntryEntity): AuditEntryBody {
  return {
    entryId: row.entryId,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    divisionCode: row.divisionCode,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.requestId,
  };
}

const entries = (m: EntityManager): Repository<AuditEntryEntity> => m.getRepository(AuditEntryEntity);

/** The last entry's hash, which the next one links to (the genesis hash for an empty log). */
async function lastHash(m: EntityManager): Promise<string> {
  const [last] = await entries(m).find({ select: { seq: true, hash: true }, order: { seq: 'DESC' }, take: 1 });
  return last?.hash ?? GENESIS_HASH;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry, chained to the last one. Pass the transaction of the state change it records
   * so both commit or neither does; the advisory lock is held until that transaction ends.
   */
  async append(input: AuditInput, manager?: EntityManager): Promise<void> {
    if (!manager) {
      await this.dataSource.transaction((m) => this.append(input, m));
      return;
    }
    // An advisory lock held to the end of the transaction: the ORM has no way to say one.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_LOCK]);
    if (input.idempotencyKey && (await entries(manager).existsBy({ idempotencyKey: input.idempotencyKey }))) return;
    const prevHash = await lastHash(manager);
    const body: AuditEntryBody = {
      entryId: randomUUID(),
      at: new Date().toISOString(),
      actor: input.actor,
      action: input.action,
      subjectType: input.subjectType ?? null,
      subjectId: input.subjectId ?? null,
      divisionCode: input.divisionCode ?? null,
      before: asJson(input.before),
      after: asJson(input.after),
      reason: input.reason ?? null,
      requestId: input.requestId ?? null,
    };
    await entries(manager).insert({
      ...body,
      at: new Date(body.at),
      // asJson made them plain JSON values.
      before: body.before as AuditJson,
      after: body.after as AuditJson,
      idempotencyKey: input.idempotencyKey ?? null,
      prevHash,
      hash: chainHash(prevHash, body),
    });
  }

  /**
   * Appends many entries in the caller's transaction, chained in the order given: one lock, one read
   * of the last hash, one multi-row INSERT (rows inserted in that order, so seq follows the chain).
   * Entries whose idempotency key is already in the log (or earlier in the batch) are left out.
   */
  async appendMany(inputs: AuditInput[], manager: EntityManager): Promise<void> {
    if (inputs.length === 0) return;
    // The same advisory lock as append().
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_LOCK]);
    const keys = inputs.map((i) => i.idempotencyKey).filter((k): k is string => k !== undefined);
    const seen = new Set((await entries(manager).find({ select: { seq: true, idempotencyKey: true }, where: { idempotencyKey: In(keys) } })).map((r) => r.idempotencyKey));
    let prevHash = await lastHash(manager);
    const rows: { body: AuditEntryBody; key: string | null; prev: string; hash: string }[] = [];
    for (const input of inputs) {
      if (input.idempotencyKey) {
        if (seen.has(input.idempotencyKey)) continue;
        seen.add(input.idempotencyKey);
      }
      const body: AuditEntryBody = {
        entryId: randomUUID(), at: new Date().toISOString(), actor: input.actor, action: input.action, subjectType: input.subjectType ?? null, subjectId: input.subjectId ?? null,
        divisionCode: input.divisionCode ?? null, before: asJson(input.before), after: asJson(input.after), reason: input.reason ?? null, requestId: input.requestId ?? null,
      };
      const hash = chainHash(prevHash, body);
      rows.push({ body, key: input.idempotencyKey ?? null, prev: prevHash, hash });
      prevHash = hash;
    }
    if (rows.length === 0) return;
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    // Multi-row: unnest of one array per column, inserted in the chain's order (WITH ORDINALITY … ORDER BY),
    // so seq follows the chain; the ORM's multi-row VALUES says nothing about that order.
    await manager.query(
      `INSERT INTO casework.audit_log (entry_id, at, actor, action, subject_type, subject_id, division_code, before, after, reason, request_id, idempotency_key, prev_hash, hash)
       SELECT u.entry_id, u.at, u.actor, u.action, u.subject_type, u.subject_id, u.division_code, u.before::jsonb, u.after::jsonb, u.reason, u.request_id, u.idempotency_key, u.prev_hash, u.hash
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
              WITH ORDINALITY AS u(entry_id, at, actor, action, subject_type, subject_id, division_code, before, after, reason, request_id, idempotency_key, prev_hash, hash, n)
        ORDER BY u.n`,
      [
        col((r) => r.body.entryId), col((r) => r.body.at), col((r) => r.body.actor), col((r) => r.body.action), col((r) => r.body.subjectType), col((r) => r.body.subjectId),
        col((r) => r.body.divisionCode), col((r) => JSON.stringify(r.body.before)), col((r) => JSON.stringify(r.body.after)), col((r) => r.body.reason), col((r) => r.body.requestId),
        col((r) => r.key), col((r) => r.prev), col((r) => r.hash),
      ],
    );
  }

  /** A page of the log in chain order, after `afterSeq` (keyset). */
  async chainPage(afterSeq: string, limit: number): Promise<AuditEntryEntity[]> {
    return entries(this.dataSource.manager).find({ where: { seq: MoreThan(afterSeq) }, order: { seq: 'ASC' }, take: limit });
  }

  /** Entries visible in a jurisdiction, newest first, keyset on seq. */
  async list(filter: { scopeCode: string; scopeLevel: ScopeLevel; province: boolean; subjectType?: string; subjectId?: string; action?: string; beforeSeq?: string; limit: number }): Promise<AuditEntryEntity[]> {
    const q = entries(this.dataSource.manager).createQueryBuilder('e');
    // Entries with no place (logins, denials of unscoped routes) are for province-wide auditors only.
    // Entries are placed by division code only; a school code is not a division prefix (its 10 digits
    // would match villages of a township), so a school scope sees only entries placed at the school.
    if (!filter.province) q.andWhere(filter.scopeLevel === 'school' ? 'e.division_code = :scopeCode' : `e.division_code LIKE :scopeCode || '%'`, { scopeCode: filter.scopeCode });
    if (filter.subjectType) q.andWhere('e.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) q.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.action) q.andWhere('e.action = :action', { action: filter.action });
    // Newest first: the next page is the entries before the previous page's last seq.
    whereAfterKeyset(q, ['e.seq'], filter.beforeSeq ? [filter.beforeSeq] : undefined, 'DESC');
    return keysetPage(q, ['e.seq'], filter.limit, 'DESC').getMany();
  }

  async forSubject(subjectType: string, subjectId: string, limit = 1000): Promise<AuditEntryEntity[]> {
    return entries(this.dataSource.manager).find({ where: { subjectType, subjectId }, order: { seq: 'ASC' }, take: limit });
  }
}
