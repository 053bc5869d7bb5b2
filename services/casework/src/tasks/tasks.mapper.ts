import type { TaskDto } from './dto/tasks.dto';
import type { TaskEntity } from './task.entity';

/** `canAct`: whether the caller could claim or decide it (role, level, four eyes as far as the task says). */
export function taskDto(row: TaskEntity, now = Date.now(), canAct?: boolean): TaskDto {
  return {
    taskId: row.taskId,
    workflowId: row.workflowId,
    kind: row.kind,
    subject: { type: row.subjectType as TaskDto['subject']['type'], id: row.subjectId },
    step: row.step,
    status: row.status,
    candidateRole: row.candidateRole,
    divisionCode: row.divisionCode,
    schoolCode: row.schoolCode ?? undefined,
    level: row.deciderLevel ?? undefined,
    canAct,
    assigneeId: row.assigneeId ?? undefined,
    claimedAt: row.claimedAt?.toISOString(),
    priority: row.priority,
    dueAt: row.dueAt.toISOString(),
    overdue: ['open', 'claimed', 'deciding'].includes(row.status) && row.dueAt.getTime() < now,
    escalatedAt: row.escalatedAt?.toISOString(),
    escalatedTo: row.escalatedTo ?? undefined,
    remindersSent: row.remindersSent,
    data: row.data,
    submittedBy: row.submittedBy ?? undefined,
    decision: row.decision ?? undefined,
    decisionComment: row.decisionComment ?? undefined,
    decidedBy: row.decidedBy ?? undefined,
    decidedAt: row.decidedAt?.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a task's state, before and after a change. */
export function auditState(row: TaskEntity): Record<string, unknown> {
  return {
    status: row.status,
    assigneeId: row.assigneeId,
    escalatedTo: row.escalatedTo,
    decision: row.decision,
    decidedBy: row.decidedBy,
    comment: row.decisionComment,
  };
}
