import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { AccessLogPageDto, AccessLogQueryDto } from './dto/access-log.dto';
import { PiiAccessLogRepository } from './pii-access-log.repository';

@Injectable()
export class PrivacyService {
  constructor(private readonly log: PiiAccessLogRepository) {}

  /** The access log of the caller's jurisdiction: reads of students who were in it when read. */
  async accessLog(caller: Caller, query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    const limit = query.limit ?? 100;
    const rows = await this.log.list(caller.scope, { ...query, limit: limit + 1 });
    const items = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      kind: r.kind,
      actorUserId: r.actor_user_id,
      actorRoles: r.actor_roles,
      studentId: r.student_id ?? undefined,
      field: r.field,
      reason: r.reason,
      requestId: r.request_id ?? undefined,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : undefined };
  }
}
