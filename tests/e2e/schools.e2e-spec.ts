import { ApplicationFailure } from '@temporalio/common';
import { scopeAt, SyntheticProvince } from '../../infra/synthetic/province';
import { DomainError, permanentFailureOf } from '@eduaid/platform';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { schoolsService } from '../../services/schools/src/schools.service';
import { SchoolsActivitiesProvider } from '../../services/schools/src/schools/schools.activities';

interface School { code: string; name: string; kind: string; jurisdictionCode: string; countyCode: string; boarding: boolean }
interface SchoolPage { items: School[]; nextCursor: string | null }
interface Problem { status: number; code: string; detail: string; errors?: { field: string; message: string }[] }
interface Batch { sequence: number; year: number | null; planned: number; actual: number | null; inProgress: number | null; notStarted: number | null }
interface Programme { programme: string; target: number | null; batches: Batch[]; actualTotal: number; actualUnmatched: number }
interface Report { planVersion: string; scope: { level: string; code: string }; programmes: Programme[] }

const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

/**
 * The schools service over real HTTP against real PostgreSQL and Temporal: the synthetic province
 * at 1% scale (two counties, 420121 and 420122), lists and pages, scope, validation, the plan's
 * progress report, and the directory activity the students service copies schools through.
 */
describe('schools service: registries, targets and progress', () => {
  let eduaid: EduaidHarness;
  let admin: Record<string, string>;
  let countyWorker: Record<string, string>;
  const synthetic = new SyntheticProvince(scopeAt(0.01));
  const http = () => eduaid.http('schools');

  beforeAll(async () => {
    eduaid = await startEduaid('schools', [schoolsService], { workflowWorker: false });
    admin = await eduaid.authAs();
    countyWorker = await eduaid.authAs({ userId: 'cw-1', roles: ['caseworker'], scope: { level: 'county', code: '420121' } });
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const allSchoolCodes = async () => (await eduaid.db.query<{ code: string }>('SELECT code FROM schools.schools ORDER BY code')).map((r) => r.code);

  describe('loading the synthetic province', () => {
    it('refuses a fraction outside (0, 1], naming the field, and non-admins', async () => {
      for (const fraction of [0, -0.5, 1.5, 'half']) {
        const response = await http().post<Problem>('/admin/synthetic-province', { fraction }, admin);
        expect(response.status).toBe(400);
        expect(fieldsOf(response.body)).toEqual(['fraction']);
      }
      const denied = await http().post<Problem>('/admin/synthetic-province', { fraction: 0.01 }, countyWorker);
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('auth.role-denied');
    });

    it('loads every jurisdiction, school and some progress rows, and a second load adds nothing', async () => {
      const first = await http().post<Record<string, { generated: number; inserted: number }>>('/admin/synthetic-province', { fraction: 0.01 }, admin);
      expect(first.status).toBe(200);
      expect(first.body.jurisdictions).toEqual({ generated: synthetic.jurisdictions().length, inserted: synthetic.jurisdictions().length });
      expect(first.body.schools).toEqual({ generated: synthetic.schools().length, inserted: synthetic.schools().length });
      for (const part of ['pairings', 'renovations', 'kindergartensBuilt', 'teachingPointsLinked', 'teacherTraining']) {
        expect(first.body[part].inserted).toBeGreaterThan(0);
      }
      const again = await http().post<Record<string, { generated: number; inserted: number }>>('/admin/synthetic-province', { fraction: 0.01 }, admin);
      for (const part of ['jurisdictions', 'schools', 'pairings', 'renovations', 'kindergartensBuilt', 'teachingPointsLinked', 'teacherTraining']) {
        expect(again.body[part].inserted).toBe(0);
      }
      expect(await allSchoolCodes()).toEqual(synthetic.schools().map((s) => s.code).sort());
    });
  });

  describe('jurisdictions', () => {
    it('gives a node with its ancestors and lists children', async () => {
      const township = synthetic.jurisdictions().find((j) => j.level === 'township' && j.parentCode === '420121')!;
      const one = await http().get<{ code: string; level: string; ancestors: { code: string; level: string }[] }>(`/jurisdictions/${township.code}`, admin);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ code: township.code, level: 'township', name: township.name, parentCode: '420121', registeredPoor: false });
      expect(one.body.ancestors.map((a) => [a.code, a.level])).toEqual([['42', 'province'], ['4201', 'prefecture'], ['420121', 'county']]);

      const children = await http().get<{ items: { code: string; level: string }[] }>('/jurisdictions/4201/children', admin);
      expect(children.body.items.map((c) => c.code)).toEqual(['420121', '420122']);
      const county = await http().get<{ registeredPoor: boolean }>('/jurisdictions/420121', admin);
      expect(county.body.registeredPoor).toBe(true);
    });

    it('refuses nodes that do not fit the tree, naming the field', async () => {
      const badLength = await http().post<Problem>('/jurisdictions', { code: '4201219', level: 'township', name: 'X', parentCode: '420121' }, admin);
      expect(badLength.status).toBe(400);
      expect(fieldsOf(badLength.body)).toEqual(['code']);

      const wrongLevel = await http().post<Problem>('/jurisdictions', { code: '420121099', level: 'township', name: 'X', parentCode: '4201' }, admin);
      expect(wrongLevel.status).toBe(400);
      expect(wrongLevel.body.errors).toContainEqual({ field: 'parentCode', message: 'the parent of a township must be a county, but 4201 is a prefecture' });

      const notPrefixed = await http().post<Problem>('/jurisdictions', { code: '420122099', level: 'township', name: 'X', parentCode: '420121' }, admin);
      expect(notPrefixed.body.errors).toEqual([{ field: 'code', message: "code 420122099 must start with its parent's code 420121" }]);

      const poorTownship = await http().post<Problem>('/jurisdictions', { code: '420121099', level: 'township', name: 'X', parentCode: '420121', registeredPoor: true }, admin);
      expect(fieldsOf(poorTownship.body)).toEqual(['registeredPoor']);

      const badLevel = await http().post<Problem>('/jurisdictions', { code: '420121099', level: 'hamlet', name: '' }, admin);
      expect(fieldsOf(badLevel.body)).toEqual(['level', 'name']);
    });

    it('lets a programme admin create, rename and bulk-load, and nobody else', async () => {
      const created = await http().post('/jurisdictions', { code: '420121099', level: 'township', name: '新镇', parentCode: '420121' }, admin);
      expect(created.status).toBe(201);
      const duplicate = await http().post<Problem>('/jurisdictions', { code: '420121099', level: 'township', name: '新镇', parentCode: '420121' }, admin);
      expect(duplicate.status).toBe(409);
      const renamed = await http().request<{ name: string }>('PATCH', '/jurisdictions/420121099', { name: '更新镇' }, admin);
      expect(renamed.body.name).toBe('更新镇');

      const bulk = await http().post<{ received: number; inserted: number; alreadyPresent: number }>('/jurisdictions/bulk', {
        items: [
          { code: '420121099002', level: 'village', name: '二村', parentCode: '420121099', registeredPoor: true },
          { code: '420121098', level: 'township', name: '旧镇', parentCode: '420121' },
          { code: '420121098001', level: 'village', name: '一村', parentCode: '420121098' },
          { code: '420121099', level: 'township', name: '新镇', parentCode: '420121' },
        ],
      }, admin);
      expect(bulk.status).toBe(200);
      expect(bulk.body).toEqual({ received: 4, inserted: 3, alreadyPresent: 1 });
      const badBulk = await http().post<Problem>('/jurisdictions/bulk', { items: [{ code: '420121097001', level: 'village', name: 'x', parentCode: '420121097' }] }, admin);
      expect(badBulk.body.errors).toEqual([{ field: 'items.0.parentCode', message: 'no jurisdiction 420121097 is registered' }]);

      const denied = await http().post<Problem>('/jurisdictions', { code: '420121096', level: 'township', name: 'X', parentCode: '420121' }, countyWorker);
      expect(denied.status).toBe(403);
    });
  });

  describe('schools', () => {
    it('pages through every school with the cursor: pages never overlap and cover everything', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { status: number; body: SchoolPage } = await http().get<SchoolPage>(`/schools?limit=7${cursor ? `&cursor=${cursor}` : ''}`, admin);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.body.items.map((s) => s.code));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor);
      const all = await allSchoolCodes();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.ceil(all.length / 7));
    });

    it('filters by county, jurisdiction prefix, kind and boarding', async () => {
      const byCounty = await http().get<SchoolPage>('/schools?countyCode=420122&limit=500', admin);
      const expected = synthetic.schools().filter((s) => s.countyCode === '420122');
      expect(byCounty.body.items.map((s) => s.code)).toEqual(expected.map((s) => s.code).sort());

      const township = synthetic.schools()[0].jurisdictionCode;
      const byPlace = await http().get<SchoolPage>(`/schools?jurisdictionPrefix=${township}&limit=500`, admin);
      expect(byPlace.body.items.length).toBe(synthetic.schools().filter((s) => s.jurisdictionCode.startsWith(township)).length);

      const boardingPrimaries = await http().get<SchoolPage>('/schools?kind=primary&boarding=true&limit=500', admin);
      expect(boardingPrimaries.body.items.map((s) => s.code)).toEqual(synthetic.schools().filter((s) => s.kind === 'primary' && s.boarding).map((s) => s.code).sort());
      expect(boardingPrimaries.body.nextCursor).toBeNull();
    });

    it('answers 400 naming the field for a bad filter, limit or cursor', async () => {
      const bad = await http().get<Problem>('/schools?kind=castle&boarding=maybe&limit=0&countyCode=42', admin);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['boarding', 'countyCode', 'kind', 'limit']);
      const badCursor = await http().get<Problem>('/schools?cursor=bm90LWEtY3Vyc29y', admin);
      expect(badCursor.status).toBe(400);
      expect(fieldsOf(badCursor.body)).toEqual(['cursor']);
      const badCode = await http().get<Problem>('/schools/12345', admin);
      expect(fieldsOf(badCode.body)).toEqual(['code']);
    });

    it('shows a county caseworker only their county, and 403 for another county’s school', async () => {
      const page = await http().get<SchoolPage>('/schools?limit=500', countyWorker);
      expect(page.body.items.length).toBe(synthetic.schools().filter((s) => s.countyCode === '420121').length);
      expect(page.body.items.every((s) => s.countyCode === '420121')).toBe(true);
      const elsewhere = await http().get<SchoolPage>('/schools?countyCode=420122', countyWorker);
      expect(elsewhere.body.items).toEqual([]);

      const own = synthetic.schools().find((s) => s.countyCode === '420121')!;
      const other = synthetic.schools().find((s) => s.countyCode === '420122')!;
      expect((await http().get<School>(`/schools/${own.code}`, countyWorker)).body).toMatchObject({ code: own.code, countyCode: '420121' });
      const denied = await http().get<Problem>(`/schools/${other.code}`, countyWorker);
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('auth.out-of-scope');
      expect((await http().get<Problem>('/jurisdictions/420122', countyWorker)).status).toBe(403);
      const children = await http().get<{ items: { code: string }[] }>('/jurisdictions/4201/children', countyWorker);
      expect(children.body.items.map((c) => c.code)).toEqual(['420121']);
    });

    it('lets a programme admin register and change schools, checking place and code', async () => {
      const township = synthetic.jurisdictions().find((j) => j.level === 'township' && j.parentCode === '420121')!.code;
      const created = await http().post<School>('/schools', { code: '4201219001', name: '新建小学', kind: 'primary', jurisdictionCode: township, boarding: true }, admin);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ code: '4201219001', name: '新建小学', kind: 'primary', jurisdictionCode: township, countyCode: '420121', boarding: true });
      const changed = await http().request<School>('PATCH', '/schools/4201219001', { boarding: false }, admin);
      expect(changed.body.boarding).toBe(false);
      const otherCounty = synthetic.jurisdictions().find((j) => j.level === 'township' && j.parentCode === '420122')!.code;
      const moved = await http().request<Problem>('PATCH', '/schools/4201219001', { jurisdictionCode: otherCounty }, admin);
      expect(moved.body.errors).toEqual([{ field: 'jurisdictionCode', message: 'school 4201219001 cannot move out of county 420121' }]);

      const wrongCounty = await http().post<Problem>('/schools', { code: '4201229001', name: 'x', kind: 'primary', jurisdictionCode: township }, admin);
      expect(wrongCounty.status).toBe(400);
      expect(fieldsOf(wrongCounty.body)).toEqual(['code']);
      const inCounty = await http().post<Problem>('/schools', { code: '4201219002', name: 'x', kind: 'primary', jurisdictionCode: '420121000' }, admin);
      expect(inCounty.body.errors).toEqual([{ field: 'jurisdictionCode', message: 'no jurisdiction 420121000 is registered' }]);
      const malformed = await http().post<Problem>('/schools', { code: 'abc', name: 'x', kind: 'castle', jurisdictionCode: '42' }, admin);
      expect(fieldsOf(malformed.body)).toEqual(['code', 'jurisdictionCode', 'kind']);

      const denied = await http().post<Problem>('/schools', { code: '4201219003', name: 'x', kind: 'primary', jurisdictionCode: township }, countyWorker);
      expect(denied.status).toBe(403);
      expect((await http().request<Problem>('PATCH', '/schools/4201219001', { name: 'y' }, countyWorker)).status).toBe(403);
    });

    it('lists university pairings with poor counties, and refuses pairing a non-university', async () => {
      const university = synthetic.schools().find((s) => s.kind === 'university')!;
      const pairings = await http().get<{ items: { universityCode: string; countyCode: string; startYear: number }[] }>('/pairings', admin);
      expect(pairings.body.items).toContainEqual({ universityCode: university.code, countyCode: university.pairedCountyCode, startYear: 2016 });
      const moved = await http().post('/pairings', { universityCode: university.code, countyCode: '420122', startYear: 2018 }, admin);
      expect(moved.status).toBe(200);
      const notUniversity = await http().post<Problem>('/pairings', { universityCode: synthetic.schools()[0].code, countyCode: '420122', startYear: 2018 }, admin);
      expect(fieldsOf(notUniversity.body)).toEqual(['universityCode']);
    });
  });

  describe('targets and progress', () => {
    const programme = (report: Report, name: string) => report.programmes.find((p) => p.programme === name)!;
    const countOf = async (sql: string, params: unknown[] = []) => Number((await eduaid.db.query<{ n: string }>(sql, params))[0].n);

    it('sets the plan’s figures beside actual counts, province-wide and per county', async () => {
      const province = await http().get<Report>('/progress/province', admin);
      expect(province.status).toBe(200);
      expect(province.body.scope).toMatchObject({ level: 'province', code: '42' });

      const renovation = programme(province.body, 'weak-school-renovation');
      expect(renovation.target).toBe(3861);
      expect(renovation.batches.map((b) => [b.year, b.planned])).toEqual([[null, 1569], [null, 1516], [2017, 1447], [2018, 1556]]);
      for (const batch of renovation.batches) {
        expect(batch.actual).toBe(await countOf(`SELECT count(*) n FROM schools.renovations WHERE batch = $1 AND status = 'done'`, [batch.sequence]));
        expect(batch.inProgress).toBe(await countOf(`SELECT count(*) n FROM schools.renovations WHERE batch = $1 AND status = 'in-progress'`, [batch.sequence]));
      }

      const kindergartens = programme(province.body, 'kindergartens-built');
      expect(kindergartens.batches.map((b) => [b.year, b.planned, b.actual])).toEqual([
        [null, 223, null],
        [null, 210, null],
        [2017, 171, await countOf('SELECT count(*) n FROM schools.kindergartens_built WHERE year_built = 2017')],
        [2018, 171, await countOf('SELECT count(*) n FROM schools.kindergartens_built WHERE year_built = 2018')],
        [2019, 170, await countOf('SELECT count(*) n FROM schools.kindergartens_built WHERE year_built = 2019')],
      ]);
      expect(kindergartens.actualTotal).toBe(await countOf('SELECT count(*) n FROM schools.kindergartens_built'));

      const training = programme(province.body, 'training-national-provincial');
      expect(training.batches.find((b) => b.year === 2018)).toMatchObject({
        planned: 70365,
        actual: await countOf(`SELECT sum(person_times) n FROM schools.teacher_training WHERE year = 2018 AND programme = 'national-provincial'`),
      });

      const county = await http().get<Report>('/progress/counties/420121', countyWorker);
      expect(county.status).toBe(200);
      const links = programme(county.body, 'teaching-points-linked');
      expect(links.batches.map((b) => b.planned)).toEqual([1986, 1192, 795]);
      expect(links.actualTotal).toBe(await countOf(`SELECT count(*) n FROM schools.teaching_point_links WHERE school_code LIKE '420121%'`));
      expect((await http().get<Problem>('/progress/province', countyWorker)).status).toBe(403);
      expect((await http().get<Problem>('/progress/counties/420122', countyWorker)).status).toBe(403);
    });

    it('gives the same report as CSV, by Accept header or ?format=csv', async () => {
      const json = (await http().get<Report>('/progress/counties/420121', admin)).body;
      for (const response of [
        await http().get<string>('/progress/counties/420121', { ...admin, accept: 'text/csv' }),
        await http().get<string>('/progress/counties/420121?format=csv', admin),
      ]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/csv');
        const lines = response.body.trimEnd().split('\r\n');
        expect(lines[0]).toBe('scope_level,scope_code,scope_name,plan_version,programme,unit,batch,year,planned,actual,in_progress,not_started,note');
        const k2017 = programme(json, 'kindergartens-built').batches.find((b) => b.year === 2017)!;
        expect(lines.some((l) => l.includes(`,kindergartens-built,kindergartens,3,2017,171,${k2017.actual},,,`))).toBe(true);
        expect(lines.some((l) => l.includes(',kindergartens-built,kindergartens,1,,223,,,,year not given in the plan'))).toBe(true);
        // The renovation target's note has a comma: quoted, not split.
        expect(lines.some((l) => l.endsWith('"3,861 schools by 2018"'))).toBe(true);
      }
      expect(fieldsOf((await http().get<Problem>('/progress/province?format=xml', admin)).body)).toEqual(['format']);
    });

    it('records progress for programme admins, refusing the wrong kind of school', async () => {
      const before = programme((await http().get<Report>('/progress/counties/420121', admin)).body, 'kindergartens-built');
      const kindergarten = synthetic.schools().find((s) => s.kind === 'kindergarten' && s.countyCode === '420121')!;
      const primary = synthetic.schools().find((s) => s.kind === 'primary' && s.countyCode === '420121')!;
      const wrongKind = await http().request<Problem>('PUT', `/progress/renovations/${kindergarten.code}`, { batch: 3, status: 'done' }, admin);
      expect(wrongKind.status).toBe(422);
      expect(fieldsOf(wrongKind.body)).toEqual(['schoolCode']);
      expect((await http().request('PUT', `/progress/renovations/${primary.code}`, { batch: 3, status: 'done' }, admin)).status).toBe(200);
      const badStatus = await http().request<Problem>('PUT', `/progress/renovations/${primary.code}`, { batch: 0, status: 'finished' }, admin);
      expect(fieldsOf(badStatus.body)).toEqual(['batch', 'status']);

      const previous = (await eduaid.db.query<{ year_built: number }>('SELECT year_built FROM schools.kindergartens_built WHERE school_code = $1', [kindergarten.code]))[0]?.year_built;
      expect((await http().request('PUT', `/progress/kindergartens/${kindergarten.code}`, { year: 2018 }, admin)).status).toBe(200);
      const after = programme((await http().get<Report>('/progress/counties/420121', admin)).body, 'kindergartens-built');
      const in2018 = (p: Programme) => p.batches.find((b) => b.year === 2018)!.actual!;
      expect(in2018(after)).toBe(in2018(before) + (previous === 2018 ? 0 : 1));

      expect((await http().request('PUT', '/progress/teacher-training', { countyCode: '420121', year: 2019, programme: 'rotation', personTimes: 1234 }, admin)).status).toBe(200);
      const denied = await http().request<Problem>('PUT', '/progress/teacher-training', { countyCode: '420121', year: 2019, programme: 'rotation', personTimes: 1 }, countyWorker);
      expect(denied.status).toBe(403);
    });
  });

  describe('exportSchoolDirectory activity', () => {
    it('pages through every school by code', async () => {
      const activities = eduaid.app('schools').get(SchoolsActivitiesProvider);
      const seen: { code: string; kind: string; countyCode: string; jurisdictionCode: string; boarding: boolean }[] = [];
      let afterCode: string | undefined;
      do {
        const page = await activities.exportSchoolDirectory({ afterCode, limit: 10 });
        expect(page.schools.length).toBeLessThanOrEqual(10);
        seen.push(...page.schools);
        afterCode = page.nextAfterCode;
      } while (afterCode);
      expect(seen.map((s) => s.code)).toEqual(await allSchoolCodes());
      const sample = synthetic.schools()[5];
      expect(seen.find((s) => s.code === sample.code)).toEqual({ code: sample.code, kind: sample.kind, countyCode: sample.countyCode, jurisdictionCode: sample.jurisdictionCode, boarding: sample.boarding });
    });

    it('fails for good on a bad page size', async () => {
      const activities = eduaid.app('schools').get(SchoolsActivitiesProvider);
      const error = await activities.exportSchoolDirectory({ limit: 0 }).catch((e: unknown) => e);
      // The domain error, which the platform's activity worker turns into a non-retryable failure.
      expect(error).toBeInstanceOf(DomainError);
      const failure = permanentFailureOf(error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure?.nonRetryable).toBe(true);
    });
  });

  describe('at the plan’s full scale', () => {
    it('loads the whole synthetic province on top of the slice', async () => {
      const full = new SyntheticProvince(scopeAt(1));
      const started = Date.now();
      const response = await http().post<Record<string, { generated: number; inserted: number }>>('/admin/synthetic-province', { fraction: 1 }, admin);
      const elapsed = Date.now() - started;
      expect(response.status).toBe(200);
      expect(response.body.jurisdictions.generated).toBe(full.jurisdictions().length);
      expect(Number((await eduaid.db.query<{ n: string }>('SELECT count(*) n FROM schools.schools'))[0].n)).toBeGreaterThanOrEqual(full.schools().length);
      // A figure to read, not a pass mark (house rule: no test fails on a timing).
      console.log(`full-scale synthetic province: ${full.jurisdictions().length} jurisdictions, ${full.schools().length} schools in ${elapsed} ms`);
    }, 120_000);
  });
});
