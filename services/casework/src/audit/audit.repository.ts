import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ScopeLevel } from '@eduaid/contracts';
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

export interface AuditRow {
  seq: string;
  entry_id: string;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  division_code: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

// One lock for the whole log: appends are serialised so that each entry links to the one before.
const AUDIT_LOCK = 'casework.audit_log';

/** Plain JSON only (no undefined, Dates as strings), i.e. what jsonb will give back. */
const asJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

export function bodyOfRow(row: AuditRow): AuditEntryBody {
  return {
    entryId: row.entry_id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    divisionCode: row.division_code,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.request_id,
  };
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
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_LOCK]);
    if (input.idempotencyKey) {
      const seen: unknown[] = await manager.query('SELECT 1 FROM casework.audit_log WHERE idempotency_key = $1', [input.idempotencyKey]);
      if (seen.length > 0) return;
    }
    const last: { hash: string }[] = await manager.query('SELECT hash FROM casework.audit_log ORDER BY seq DESC LIMIT 1');
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
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
    await manager.query(
      `INSERT INTO casework.audit_log (entry_id, at, actor, action, subject_type, subject_id, division_code, before, after, reason, request_id, idempotency_key, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [
        body.entryId, body.at, body.actor, body.action, body.subjectType, body.subjectId, body.divisionCode,
        JSON.stringify(body.before), JSON.stringify(body.after), body.reason, body.requestId, input.idempotencyKey ?? null,
        prevHash, chainHash(prevHash, body),
      ],
    );
  }

  /**
   * Appends many entries in the caller's transaction, chained in the order given: one lock, one read
   * of the last hash, one multi-row INSERT (rows inserted in that order, so seq follows the chain).
   * Entries whose idempotency key is already in the log (or earlier in the batch) are left out.
   */
  async appendMany(inputs: AuditInput[], manager: EntityManager): Promise<void> {
    if (inputs.length === 0) return;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_LOCK]);
    const keys = inputs.map((i) => i.idempotencyKey).filter((k): k is string => k !== undefined);
    const seen = new Set((await manager.query('SELECT idempotency_key FROM casework.audit_log WHERE idempotency_key = ANY($1)', [keys]) as { idempotency_key: string }[]).map((r) => r.idempotency_key));
    const last: { hash: string }[] = await manager.query('SELECT hash FROM casework.audit_log ORDER BY seq DESC LIMIT 1');
    let prevHash = last[0]?.hash ?? GENESIS_HASH;
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
    // Multi-row: unnest of one array per column, inserted in the chain's order.
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
  async chainPage(afterSeq: string, limit: number): Promise<AuditRow[]> {
    return this.dataSource.query('SELECT * FROM casework.audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
  }

  /** Entries visible in a jurisdiction, newest first, keyset on seq. */
  async list(filter: { scopeCode: string; scopeLevel: ScopeLevel; province: boolean; subjectType?: string; subjectId?: string; action?: string; beforeSeq?: string; limit: number }): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    // Entries with no place (logins, denials of unscoped routes) are for province-wide auditors only.
    // Entries are placed by division code only; a school code is not a division prefix (its 10 digits
    // would match villages of a township), so a school scope sees only entries placed at the school.
    if (!filter.province) add(filter.scopeLevel === 'school' ? 'division_code = ?' : `division_code LIKE ? || '%'`, filter.scopeCode);
    if (filter.subjectType) add('subject_type = ?', filter.subjectType);
    if (filter.subjectId) add('subject_id = ?', filter.subjectId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.beforeSeq) add('seq < ?', filter.beforeSeq);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT * FROM casework.audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  async forSubject(subjectType: string, subjectId: string, limit = 1000): Promise<AuditRow[]> {
    return this.dataSource.query('SELECT * FROM casework.audit_log WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq LIMIT $3', [subjectType, subjectId, limit]);
  }
}
