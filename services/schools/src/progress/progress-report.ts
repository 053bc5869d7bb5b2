import { csvDocument } from '@eduaid/platform';
import { PLAN_TARGETS, PLAN_VERSION, PlanBatch, PlanProgramme, PlanTarget } from './plan-targets';

export const RENOVATION_STATUSES = ['planned', 'in-progress', 'done'] as const;
export type RenovationStatus = (typeof RENOVATION_STATUSES)[number];

/** What was done, counted in the database for one scope. */
export interface ActualCounts {
  /** Renovation rows per plan batch and status. */
  renovations: { batch: number; status: RenovationStatus; count: number }[];
  /** Per programme other than renovation: amount per year. */
  byYear: Partial<Record<PlanProgramme, { year: number; amount: number }[]>>;
}

/** A plan batch with what was done in it. */
export interface BatchProgress extends PlanBatch {
  /** Done in this batch; null when the plan gives no year and rows carry only a year. */
  actual: number | null;
  /** Renovation only: in progress / not yet started in this batch. */
  inProgress: number | null;
  notStarted: number | null;
}

/** A programme's figures as the plan states them (its target), with its batches' progress and the totals. */
export interface ProgrammeProgress extends Pick<PlanTarget, 'programme' | 'description' | 'unit' | 'target' | 'targetNote' | 'targetYear'> {
  batches: BatchProgress[];
  plannedTotal: number;
  /** Everything done in scope, whatever year or batch. */
  actualTotal: number;
  /** Part of actualTotal in years or batches the plan does not list with a year. */
  actualUnmatched: number;
}

export interface ProgressReport {
  planVersion: string;
  scope: { level: 'province' | 'county'; code: string; name: string };
  /** The plan's figures are province-wide; a county report sets the county's actuals beside them. */
  planFiguresAre: 'province-wide';
  programmes: ProgrammeProgress[];
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function programmeProgress(plan: PlanTarget, actual: ActualCounts): ProgrammeProgress {
  const base = { programme: plan.programme, description: plan.description, unit: plan.unit, target: plan.target, targetNote: plan.targetNote, targetYear: plan.targetYear };
  const plannedTotal = sum(plan.batches.map((b) => b.planned));
  if (plan.matchBy === 'batch') {
    const count = (batch: number, status: RenovationStatus) => sum(actual.renovations.filter((r) => r.batch === batch && r.status === status).map((r) => r.count));
    const batches = plan.batches.map((b) => ({ sequence: b.sequence, year: b.year, planned: b.planned, actual: count(b.sequence, 'done'), inProgress: count(b.sequence, 'in-progress'), notStarted: count(b.sequence, 'planned') }));
    const actualTotal = sum(actual.renovations.filter((r) => r.status === 'done').map((r) => r.count));
    return { ...base, batches, plannedTotal, actualTotal, actualUnmatched: actualTotal - sum(batches.map((b) => b.actual)) };
  }
  const rows = actual.byYear[plan.programme] ?? [];
  const inYear = (year: number) => sum(rows.filter((r) => r.year === year).map((r) => r.amount));
  const batches = plan.batches.map((b) => ({ sequence: b.sequence, year: b.year, planned: b.planned, actual: b.year === null ? null : inYear(b.year), inProgress: null, notStarted: null }));
  const actualTotal = sum(rows.map((r) => r.amount));
  return { ...base, batches, plannedTotal, actualTotal, actualUnmatched: actualTotal - sum(batches.map((b) => b.actual ?? 0)) };
}

/** The plan's figures beside what was done. Integer arithmetic only. */
export function buildProgressReport(scope: ProgressReport['scope'], actual: ActualCounts, plan: readonly PlanTarget[] = PLAN_TARGETS): ProgressReport {
  return { planVersion: PLAN_VERSION, scope, planFiguresAre: 'province-wide', programmes: plan.map((p) => programmeProgress(p, actual)) };
}

export const PROGRESS_CSV_HEADER = ['scope_level', 'scope_code', 'scope_name', 'plan_version', 'programme', 'unit', 'batch', 'year', 'planned', 'actual', 'in_progress', 'not_started', 'note'];

/** One line per plan batch and one total line per programme. */
export function progressReportCsv(report: ProgressReport): string {
  const { level, code, name } = report.scope;
  const lead = [level, code, name, report.planVersion];
  const rows = report.programmes.flatMap((p) => [
    ...p.batches.map((b) => [
      ...lead, p.programme, p.unit, b.sequence, b.year, b.planned, b.actual, b.inProgress, b.notStarted,
      b.year === null ? (b.actual === null ? 'year not given in the plan; actuals by year cannot be matched' : 'year not given in the plan') : '',
    ]),
    [...lead, p.programme, p.unit, 'total', p.targetYear, p.target ?? p.plannedTotal, p.actualTotal, null, null,
      [p.target === null ? 'no numeric target; planned = sum of batches' : '', p.targetNote ?? '', p.actualUnmatched ? `${p.actualUnmatched} not matched to a dated batch` : ''].filter(Boolean).join('; ')],
  ]);
  return csvDocument(PROGRESS_CSV_HEADER, rows);
}
