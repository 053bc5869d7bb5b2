import type { TaskDto } from './dto/tasks.dto';
import type { TaskRow } from './tasks.repository';

/** `canAct`: whether the caller could claim or decide it (role, level, four eyes as far as the task says). */
export function taskDto(row: TaskRow, now = Date.now(), canAct?: boolean): TaskDto {
  return {
    taskId: row.task_id,
    workflowId: row.workflow_id,
    kind: row.kind,
    subject: { type: row.subject_type as TaskDto['subject']['type'], id: row.subject_id },
    step: row.step,
    status: row.status,
    candidateRole: row.candidate_role,
    divisionCode: row.division_code,
    schoolCode: row.school_code ?? undefined,
    level: row.decider_level ?? undefined,
    canAct,
    assigneeId: row.assignee_id ?? undefined,
    claimedAt: row.claimed_at?.toISOString(),
    priority: row.priority,
    dueAt: row.due_at.toISOString(),
    overdue: ['open', 'claimed', 'deciding'].includes(row.status) && row.due_at.getTime() < now,
    escalatedAt: row.escalated_at?.toISOString(),
    escalatedTo: row.escalated_to ?? undefined,
    remindersSent: row.reminders_sent,
    data: row.data,
    submittedBy: row.submitted_by ?? undefined,
    decision: row.decision ?? undefined,
    decisionComment: row.decision_comment ?? undefined,
    decidedBy: row.decided_by ?? undefined,
    decidedAt: row.decided_at?.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/** What the audit log keeps of a task's state, before and after a change. */
export function auditState(row: TaskRow): Record<string, unknown> {
  return {
    status: row.status,
    assigneeId: row.assignee_id,
    escalatedTo: row.escalated_to,
    decision: row.decision,
    decidedBy: row.decided_by,
    comment: row.decision_comment,
  };
}
