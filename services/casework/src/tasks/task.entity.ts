import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role, ScopeLevel, TaskStatus } from '@eduaid/contracts';

/**
 * A human task (casework.tasks): one step of a workflow waiting on a person. Its state changes only
 * through the transitions table (`task-transitions.ts`), as conditional UPDATEs in TasksRepository.
 * Services read and change tasks as this entity (camelCase properties); the repository is the only
 * place that names its columns.
 */
@Entity({ schema: 'casework', name: 'tasks' })
export class TaskEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' }) taskId!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @Column({ type: 'text' }) step!: string;
  @Column({ name: 'step_index', type: 'integer' }) stepIndex!: number;
  @Column({ type: 'integer' }) attempt!: number;
  @Column({ name: 'candidate_role', type: 'text' }) candidateRole!: Role;
  @Column({ name: 'division_code', type: 'text' }) divisionCode!: string;
  @Column({ name: 'school_code', type: 'text', nullable: true }) schoolCode!: string | null;
  @Column({ name: 'assignee_id', type: 'text', nullable: true }) assigneeId!: string | null;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt!: Date | null;
  @Column({ type: 'text' }) status!: TaskStatus;
  @Column({ type: 'integer' }) priority!: number;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @Column({ name: 'escalated_to', type: 'text', nullable: true }) escalatedTo!: string | null;
  @Column({ name: 'reminders_sent', type: 'integer', default: 0 }) remindersSent!: number;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Column({ name: 'submitted_by', type: 'text', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'excluded_deciders', type: 'text', array: true, default: () => "'{}'" }) excludedDeciders!: string[];
  @Column({ type: 'text', nullable: true }) decision!: string | null;
  @Column({ name: 'decision_comment', type: 'text', nullable: true }) decisionComment!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  /** The level the step is held at: only someone scoped at that level (and covering the task) may take it. */
  @Column({ name: 'decider_level', type: 'text', nullable: true }) deciderLevel!: ScopeLevel | null;
}
