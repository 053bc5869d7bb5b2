import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AccessLogEntry {
  actorUserId: string;
  actorRoles: string[];
  studentId: string;
  field: string;
  reason: string;
  requestId?: string;
}

export interface AccessLogRow {
  id: string;
  at: Date;
  actor_user_id: string;
  actor_roles: string[];
  student_id: string;
  field: string;
  reason: string;
  request_id: string | null;
}

/** Every read of a full national ID or account number: who, whose record, which field, when, why. */
@Injectable()
export class PiiAccessLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AccessLogEntry): Promise<void> {
    await manager.query(
      'INSERT INTO students.pii_access_log (actor_user_id, actor_roles, student_id, field, reason, request_id) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.actorUserId, entry.actorRoles, entry.studentId, entry.field, entry.reason, entry.requestId ?? null],
    );
  }

  async list(filter: { studentId?: string; actorUserId?: string; after?: number; limit: number }): Promise<AccessLogRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.studentId) add((p) => `student_id = ${p}`, filter.studentId);
    if (filter.actorUserId) add((p) => `actor_user_id = ${p}`, filter.actorUserId);
    if (filter.after) add((p) => `id < ${p}`, filter.after);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT id, at, actor_user_id, actor_roles, student_id, field, reason, request_id FROM students.pii_access_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
