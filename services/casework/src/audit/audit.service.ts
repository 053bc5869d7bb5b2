import { Injectable } from '@nestjs/common';
import { Caller, isProvinceWide } from '@eduaid/contracts';
import { AccessDenial, AccessDenialSink, assertProvinceWide, decodeKeysetCursor, encodeKeysetCursor } from '@eduaid/platform';
import { chainHash, GENESIS_HASH } from './canonical-json';
import type { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository, bodyOfRow } from './audit.repository';
import { AuditEntryDto, AuditPageDto, AuditVerificationDto } from './dto/audit.dto';
import type { AuditQueryDto } from './dto/audit-query.dto';

const VERIFY_BATCH = 1000;

export function auditEntryDto(row: AuditEntryEntity): AuditEntryDto {
  return {
    seq: Number(row.seq),
    entryId: row.entryId,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subjectType ?? undefined,
    subjectId: row.subjectId ?? undefined,
    divisionCode: row.divisionCode ?? undefined,
    before: row.before ?? undefined,
    after: row.after ?? undefined,
    reason: row.reason ?? undefined,
    requestId: row.requestId ?? undefined,
    hash: row.hash,
  };
}

/** The audit log: appends (through the repository), listing in scope, and verifying the chain. */
@Injectable()
export class AuditService implements AccessDenialSink {
  constructor(private readonly audit: AuditRepository) {}

  /** Casework's own denials, and those other services send, become audit entries. */
  report(denial: AccessDenial): void {
    void this.recordDenial(denial).catch(() => undefined);
  }

  async recordDenial(denial: AccessDenial): Promise<void> {
    await this.audit.append({
      actor: denial.userId,
      action: 'access.denied',
      after: { service: denial.service, method: denial.method, route: denial.route, roles: denial.roles, scope: denial.scope, what: denial.what },
      reason: `${denial.reason}: ${denial.detail}`,
      requestId: denial.requestId,
    });
  }

  async list(caller: Caller, query: AuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const beforeSeq = query.cursor ? (decodeKeysetCursor(query.cursor, ['bigint'])[0] as string) : undefined;
    const rows = await this.audit.list({
      scopeCode: caller.scope.code,
      scopeLevel: caller.scope.level,
      // Only a really province-wide scope sees every entry, those without a place included.
      province: isProvinceWide(caller.scope),
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      action: query.action,
      beforeSeq,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(auditEntryDto),
      nextCursor: rows.length > limit ? encodeKeysetCursor([page[page.length - 1].seq]) : undefined,
    };
  }

  /**
   * Walks the whole chain in order, recomputing each hash. The first entry whose stored link or hash
   * does not match is the first one altered (or the first after a deleted one).
   */
  async verify(caller: Caller): Promise<AuditVerificationDto> {
    // The route is @ProvinceWide() already; checked here too so no other path reaches the whole chain.
    assertProvinceWide(caller, 'Verifying the audit chain');
    let previousHash = GENESIS_HASH;
    let afterSeq = '0';
    let checked = 0;
    for (;;) {
      const rows = await this.audit.chainPage(afterSeq, VERIFY_BATCH);
      for (const row of rows) {
        const expected = chainHash(previousHash, bodyOfRow(row));
        if (row.prevHash !== previousHash || row.hash !== expected) {
          return {
            intact: false,
            entriesChecked: checked,
            firstAlteredSeq: Number(row.seq),
            firstAlteredEntryId: row.entryId,
            problem: row.prevHash !== previousHash ? 'the entry does not link to the one before it (an entry was removed or altered)' : 'the entry’s content does not match its hash (it was altered)',
          };
        }
        previousHash = row.hash;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
      afterSeq = rows[rows.length - 1].seq;
    }
    return { intact: true, entriesChecked: checked, lastHash: previousHash };
  }
}
