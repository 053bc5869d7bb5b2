/**
 * The plan's figures for the targets eduaid tracks, as versioned data: copied from the table
 * "Schools, teachers and places: targets to track" in ../shared/seed/POLICY-FACTS.md (the province's
 * plan). Where the plan gives no year for a batch, `year` is null: the plan's yearly batches start
 * before 2017 but do not say when, and eduaid does not guess. A change of plan is a new version
 * beside this one, never an edit of it, so past reports stay reproducible.
 */
export const PLAN_VERSION = 'hubei-education-poverty-plan-v1';

export const PLAN_PROGRAMMES = [
  'weak-school-renovation',
  'kindergartens-built',
  'teaching-points-linked',
  'training-national-provincial',
  'training-vocational-teachers',
  'training-rotation',
] as const;
export type PlanProgramme = (typeof PLAN_PROGRAMMES)[number];

/** Teacher-training programmes, as stored per county and year. */
export const TRAINING_PROGRAMMES = ['national-provincial', 'vocational-teachers', 'rotation'] as const;
export type TrainingProgramme = (typeof TRAINING_PROGRAMMES)[number];

export interface PlanBatch {
  /** 1 = the plan's first batch. */
  sequence: number;
  /** null: the plan leaves this batch's year blank. */
  year: number | null;
  planned: number;
}

export interface PlanTarget {
  programme: PlanProgramme;
  description: string;
  unit: string;
  /** The plan's overall figure; null when it states none as a number. */
  target: number | null;
  /** Words of the plan that qualify the figure ("4,300+", "full coverage"). */
  targetNote: string | null;
  targetYear: number | null;
  /**
   * How actual rows meet batches: renovations carry their batch number; the others carry a year,
   * so they meet only batches whose year the plan gives.
   */
  matchBy: 'batch' | 'year';
  batches: PlanBatch[];
}

const batches = (...entries: [number, number | null][]): PlanBatch[] => entries.map(([planned, year], i) => ({ sequence: i + 1, year, planned }));

export const PLAN_TARGETS: readonly PlanTarget[] = [
  {
    programme: 'weak-school-renovation',
    description: 'Weak-school renovation of compulsory schools (全面改薄)',
    unit: 'school-times',
    target: 3861,
    targetNote: '3,861 schools by 2018',
    targetYear: 2018,
    matchBy: 'batch',
    batches: batches([1569, null], [1516, null], [1447, 2017], [1556, 2018]),
  },
  {
    programme: 'kindergartens-built',
    description: 'Kindergartens built, township centre and village',
    unit: 'kindergartens',
    target: 945,
    targetNote: null,
    targetYear: 2019,
    matchBy: 'year',
    batches: batches([223, null], [210, null], [171, 2017], [171, 2018], [170, 2019]),
  },
  {
    programme: 'teaching-points-linked',
    description: 'Teaching points linked to the provincial platform',
    unit: 'teaching points',
    target: 3973,
    targetNote: null,
    targetYear: 2018,
    matchBy: 'year',
    batches: batches([1986, null], [1192, 2017], [795, 2018]),
  },
  {
    programme: 'training-national-provincial',
    description: 'Rural teacher and principal training (国培/省培)',
    unit: 'person-times',
    target: null,
    targetNote: 'full coverage; over 70% of funds to rural teachers',
    targetYear: null,
    matchBy: 'year',
    batches: batches([43288, null], [43540, null], [42754, 2017], [70365, 2018], [59217, 2019]),
  },
  {
    programme: 'training-vocational-teachers',
    description: 'Free training for all teachers of the 34 vocational schools',
    unit: 'person-times',
    target: 4300,
    targetNote: '4,300+',
    targetYear: null,
    matchBy: 'year',
    batches: batches([1760, null], [1760, 2017], [850, 2018]),
  },
  {
    programme: 'training-rotation',
    description: 'Teacher rotation training in the poor counties',
    unit: 'person-times',
    target: 263000,
    targetNote: null,
    targetYear: null,
    matchBy: 'year',
    batches: [],
  },
];

/** Which plan programme a stored training row counts toward. */
export const PROGRAMME_OF_TRAINING: Record<TrainingProgramme, PlanProgramme> = {
  'national-provincial': 'training-national-provincial',
  'vocational-teachers': 'training-vocational-teachers',
  rotation: 'training-rotation',
};
