import { JURISDICTION_LEVELS } from '@eduaid/contracts';
import type { UnitOfWork } from '@eduaid/platform';
import { scopeAt, SyntheticProvince } from '../../../../infra/synthetic/province';
import { insertJurisdictions } from '../jurisdictions/jurisdictions.repository';
import { insertPairings } from '../pairings/pairings.repository';
import { PLAN_TARGETS, PROGRAMME_OF_TRAINING, TRAINING_PROGRAMMES } from '../progress/plan-targets';
import { RenovationStatus } from '../progress/progress-report';
import { insertRenovations, insertSchoolYears, insertTraining, TrainingRow } from '../progress/progress.repository';
import { insertSchools } from '../schools/schools.repository';

export interface LoadCount {
  generated: number;
  inserted: number;
}

export interface SyntheticProvinceLoad {
  fraction: number;
  jurisdictions: LoadCount;
  schools: LoadCount;
  pairings: LoadCount;
  renovations: LoadCount;
  kindergartensBuilt: LoadCount;
  teachingPointsLinked: LoadCount;
  teacherTraining: LoadCount;
  elapsedMs: number;
}

/** The plan counts its 37 poor counties; synthetic training figures are the plan's yearly figure shared among them. */
const PLAN_COUNTIES = 37;
const RENOVATED_KINDS = new Set(['primary', 'junior-secondary', 'teaching-point']);

/**
 * Loads the deterministic synthetic province at `fraction` of the plan's scale, with some progress
 * rows, into the schools schema. Multi-row inserts in chunks that skip rows already present, in one
 * transaction (one unit of work): a re-run (or a run at a smaller fraction after a larger one) changes nothing.
 * The progress rows are made up from each row's position, so they are the same on every run.
 */
export async function loadSyntheticProvince(unitOfWork: Pick<UnitOfWork, 'run'>, fraction: number): Promise<SyntheticProvinceLoad> {
  const started = Date.now();
  const province = new SyntheticProvince(scopeAt(fraction));
  const jurisdictions = [...province.jurisdictions()].sort(
    (a, b) => JURISDICTION_LEVELS.indexOf(a.level) - JURISDICTION_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code),
  );
  const schools = province.schools();
  const pairings = schools.filter((s) => s.pairedCountyCode).map((s) => ({ universityCode: s.code, countyCode: s.pairedCountyCode as string, startYear: 2016 }));

  const statusOf = (batch: number, i: number): RenovationStatus => (batch <= 2 ? 'done' : batch === 3 ? (i % 3 === 0 ? 'in-progress' : 'done') : i % 2 === 0 ? 'planned' : 'in-progress');
  const renovations = schools
    .filter((s) => RENOVATED_KINDS.has(s.kind))
    .map((s, i) => ({ schoolCode: s.code, batch: (i % 4) + 1, status: statusOf((i % 4) + 1, i) }));
  // Some years outside the plan's dated batches on purpose, so reports show unmatched actuals.
  const kindergartens = schools.filter((s) => s.kind === 'kindergarten').map((s, i) => ({ schoolCode: s.code, year: [2016, 2017, 2018, 2019][i % 4] }));
  const teachingPoints = schools.filter((s) => s.kind === 'teaching-point').map((s, i) => ({ schoolCode: s.code, year: [2016, 2017, 2018][i % 3] }));
  const training: TrainingRow[] = [];
  for (const county of province.counties()) {
    for (const programme of TRAINING_PROGRAMMES) {
      const plan = PLAN_TARGETS.find((p) => p.programme === PROGRAMME_OF_TRAINING[programme]);
      for (const year of [2017, 2018, 2019]) {
        const planned = plan?.batches.find((b) => b.year === year)?.planned ?? (plan?.batches.length === 0 && plan.target ? Math.floor(plan.target / 3) : 0);
        if (planned > 0) training.push({ countyCode: county.code, year, programme, personTimes: Math.floor(planned / PLAN_COUNTIES) });
      }
    }
  }

  return unitOfWork.run(async (m) => ({
    fraction,
    jurisdictions: { generated: jurisdictions.length, inserted: await insertJurisdictions(m, jurisdictions) },
    schools: { generated: schools.length, inserted: await insertSchools(m, schools) },
    pairings: { generated: pairings.length, inserted: await insertPairings(m, pairings) },
    renovations: { generated: renovations.length, inserted: await insertRenovations(m, renovations) },
    kindergartensBuilt: { generated: kindergartens.length, inserted: await insertSchoolYears(m, 'kindergartens_built', kindergartens) },
    teachingPointsLinked: { generated: teachingPoints.length, inserted: await insertSchoolYears(m, 'teaching_point_links', teachingPoints) },
    teacherTraining: { generated: training.length, inserted: await insertTraining(m, training) },
    elapsedMs: Date.now() - started,
  }));
}
