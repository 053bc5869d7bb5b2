import { Injectable } from '@nestjs/common';
import { AccessLogPageDto, AccessLogQueryDto } from './dto/access-log.dto';
import { PiiAccessLogRepository } from './pii-access-log.repository';

@Injectable()
export class PrivacyService {
  constructor(private readonly log: PiiAccessLogRepository) {}

  async accessLog(query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    const limit = query.limit ?? 100;
    const rows = await this.log.list({ ...query, limit: limit + 1 });
    const items = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actorUserId: r.actor_user_id,
      actorRoles: r.actor_roles,
      studentId: r.student_id,
      field: r.field,
      reason: r.reason,
      requestId: r.request_id ?? undefined,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : undefined };
  }
}
