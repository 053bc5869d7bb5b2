import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Caller, SubjectType } from '@eduaid/contracts';
import { assertInScope, denyAccess, DomainError, TEMPORAL_CLIENT } from '@eduaid/platform';
import { AuditRepository } from '../audit/audit.repository';
import { kindBelongsTo, OVERSIGHT_ROLES, placeOf, rolesOfTask } from '../tasks/task-access';
import { TasksRepository } from '../tasks/tasks.repository';
import type { TimelineDto, TimelineEntryDto } from './timeline.dto';

const EventType = temporal.api.enums.v1.EventType;

/** One case's story: casework's audit entries merged with its workflows' histories, in time order. */
@Injectable()
export class TimelineService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async timeline(caller: Caller, subjectType: SubjectType, subjectId: string): Promise<TimelineDto> {
    const tasks = await this.tasks.forSubject(subjectType, subjectId);
    if (tasks.length === 0) throw new DomainError('case.not-found', 'not-found', `No tasks for ${subjectType} ${subjectId}.`);
    // The case lies where its tasks lie.
    assertInScope(caller, placeOf(tasks[0]), `${subjectType} ${subjectId}`);
    // A timeline shows what its tasks show (ids, amounts, decisions): only to roles every one of its
    // task kinds belongs to, or to those who oversee them all (auditors, programme admins).
    const foreign = caller.roles.some((r) => OVERSIGHT_ROLES.includes(r)) ? undefined : tasks.find((t) => !kindBelongsTo(caller.roles, t));
    if (foreign) {
      denyAccess(caller, 'task.kind-not-yours', 'role', `The timeline of ${subjectType} ${subjectId} holds ${foreign.kind} tasks, which belong to the roles ${rolesOfTask(foreign).join(', ')}; you hold ${caller.roles.join(', ')}.`, `${subjectType} ${subjectId}`);
    }
    const entries: TimelineEntryDto[] = (await this.audit.forSubject(subjectType, subjectId)).map((row) => ({
      at: row.at.toISOString(),
      source: 'audit',
      what: row.action,
      actor: row.actor,
      detail: { before: row.before, after: row.after, reason: row.reason ?? undefined },
    }));
    for (const workflowId of [...new Set(tasks.map((t) => t.workflowId))]) {
      const history = await this.temporal.workflow.getHandle(workflowId).fetchHistory().catch(() => undefined);
      for (const event of history?.events ?? []) {
        const seconds = Number(event.eventTime?.seconds ?? 0);
        const nanos = event.eventTime?.nanos ?? 0;
        entries.push({
          at: new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString(),
          source: 'workflow',
          what: EventType[event.eventType ?? 0] ?? String(event.eventType),
          workflowId,
          eventId: Number(event.eventId ?? 0),
        });
      }
    }
    entries.sort((a, b) => a.at.localeCompare(b.at) || (a.source === b.source ? 0 : a.source === 'workflow' ? -1 : 1));
    return { subjectType, subjectId, entries };
  }
}
