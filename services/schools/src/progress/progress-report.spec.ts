import { PLAN_TARGETS } from './plan-targets';
import { buildProgressReport, progressReportCsv } from './progress-report';

const scope = { level: 'county' as const, code: '420121', name: '青石县' };

describe('the plan’s figures', () => {
  it('keep the table’s numbers and leave the first batches without a year', () => {
    const renovation = PLAN_TARGETS.find((p) => p.programme === 'weak-school-renovation');
    expect(renovation?.batches).toEqual([
      { sequence: 1, year: null, planned: 1569 },
      { sequence: 2, year: null, planned: 1516 },
      { sequence: 3, year: 2017, planned: 1447 },
      { sequence: 4, year: 2018, planned: 1556 },
    ]);
    const kindergartens = PLAN_TARGETS.find((p) => p.programme === 'kindergartens-built');
    expect(kindergartens?.batches.reduce((a, b) => a + b.planned, 0)).toBe(945);
    const links = PLAN_TARGETS.find((p) => p.programme === 'teaching-points-linked');
    expect(links?.batches.reduce((a, b) => a + b.planned, 0)).toBe(3973);
  });
});

describe('progress arithmetic', () => {
  const report = buildProgressReport(scope, {
    renovations: [
      { batch: 1, status: 'done', count: 5 },
      { batch: 3, status: 'done', count: 2 },
      { batch: 3, status: 'in-progress', count: 4 },
      { batch: 4, status: 'planned', count: 1 },
    ],
    byYear: {
      'kindergartens-built': [{ year: 2016, amount: 3 }, { year: 2017, amount: 2 }, { year: 2019, amount: 1 }],
      'training-rotation': [{ year: 2018, amount: 700 }],
    },
  });
  const of = (p: string) => report.programmes.find((x) => x.programme === p)!;

  it('counts renovations by batch and status, so even undated batches get actuals', () => {
    const r = of('weak-school-renovation');
    expect(r.batches.map((b) => [b.sequence, b.planned, b.actual, b.inProgress, b.notStarted])).toEqual([
      [1, 1569, 5, 0, 0],
      [2, 1516, 0, 0, 0],
      [3, 1447, 2, 4, 0],
      [4, 1556, 0, 0, 1],
    ]);
    expect(r).toMatchObject({ plannedTotal: 6088, actualTotal: 7, actualUnmatched: 0, target: 3861 });
  });

  it('matches yearly actuals only to dated batches and reports the rest as unmatched', () => {
    const k = of('kindergartens-built');
    expect(k.batches.map((b) => [b.year, b.planned, b.actual])).toEqual([
      [null, 223, null],
      [null, 210, null],
      [2017, 171, 2],
      [2018, 171, 0],
      [2019, 170, 1],
    ]);
    expect(k).toMatchObject({ actualTotal: 6, actualUnmatched: 3 });
    expect(of('training-rotation')).toMatchObject({ target: 263000, batches: [], actualTotal: 700, actualUnmatched: 700 });
    expect(of('teaching-points-linked')).toMatchObject({ actualTotal: 0, plannedTotal: 3973 });
  });

  it('renders CSV with a line per batch and a total per programme', () => {
    const lines = progressReportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('scope_level,scope_code,scope_name,plan_version,programme,unit,batch,year,planned,actual,in_progress,not_started,note');
    expect(lines).toContain('county,420121,青石县,hubei-education-poverty-plan-v1,kindergartens-built,kindergartens,3,2017,171,2,,,');
    expect(lines).toContain('county,420121,青石县,hubei-education-poverty-plan-v1,kindergartens-built,kindergartens,1,,223,,,,year not given in the plan; actuals by year cannot be matched');
    expect(lines).toContain('county,420121,青石县,hubei-education-poverty-plan-v1,weak-school-renovation,school-times,total,2018,3861,7,,,"3,861 schools by 2018"');
    // 4 renovation + 5 kindergarten + 3 teaching-point + 5 + 3 + 0 training batches, 6 totals, 1 header
    expect(lines).toHaveLength(1 + 20 + 6);
  });
});
