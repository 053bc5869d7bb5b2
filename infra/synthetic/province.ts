import {
  JurisdictionLevel,
  SchoolDirectoryEntry,
  SchoolKind,
  Stage,
  STAGES_BY_SCHOOL_KIND,
  academicYearOf,
  makeNationalId,
} from '../../libs/contracts/src';

/**
 * A deterministic synthetic province matching the plan's scope (../shared/seed/POLICY-FACTS.md):
 * the same seed and scope always give the same jurisdictions, schools and roster, row for row. Used
 * for demos, tests (a small slice via `scopeAt`) and the province-scale benchmarks.
 */
export interface ProvinceScope {
  counties: number;
  poorVillages: number;
  juniorSecondary: number;
  primary: number;
  teachingPoints: number;
  secondaryVocational: number;
  seniorHigh: number;
  kindergartens: number;
  universities: number;
  students: number;
}

/** The plan's own figures. */
export const PLAN_SCOPE: ProvinceScope = {
  counties: 37,
  poorVillages: 4821,
  juniorSecondary: 592,
  primary: 2252,
  teachingPoints: 1017,
  secondaryVocational: 34,
  seniorHigh: 79,
  kindergartens: 945,
  universities: 4,
  students: 766_000,
};

/** The plan's scope scaled down (at least one of everything), e.g. scopeAt(0.001) for a test. */
export function scopeAt(fraction: number): ProvinceScope {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`scope fraction must be in (0, 1], got ${fraction}`);
  const scaled = Object.fromEntries(
    Object.entries(PLAN_SCOPE).map(([key, value]) => [key, Math.max(1, Math.round(value * fraction))]),
  ) as unknown as ProvinceScope;
  return { ...scaled, counties: Math.max(2, scaled.counties), universities: Math.min(PLAN_SCOPE.universities, Math.max(1, scaled.universities)) };
}

export interface SyntheticJurisdiction {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  registeredPoor: boolean;
}

export interface SyntheticSchool extends SchoolDirectoryEntry {
  name: string;
  /** For universities: the poor county they are paired with (帮扶关系). */
  pairedCountyCode?: string;
}

export interface RosterRow {
  national_id: string;
  name: string;
  household_no: string;
  village_code: string;
  school_code: string;
  stage: Stage;
  grade: number;
  boarding: boolean;
  academic_year: string;
  disability: boolean;
  left_behind: boolean;
  migrant_child: boolean;
  special_hardship: boolean;
}

export const ROSTER_COLUMNS: (keyof RosterRow)[] = [
  'national_id',
  'name',
  'household_no',
  'village_code',
  'school_code',
  'stage',
  'grade',
  'boarding',
  'academic_year',
  'disability',
  'left_behind',
  'migrant_child',
  'special_hardship',
];

export function rosterCsvLine(row: RosterRow): string {
  return ROSTER_COLUMNS.map((column) => {
    const value = row[column];
    return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  }).join(',');
}

const PROVINCE_CODE = '42';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌浩宇轩梓涵欣怡子涵雨彤佳琪嘉俊晨阳';
const PLACE = '青石河东西南北山水林田桥岭坪湾口溪岗镇安乐丰和平兴隆';

/** mulberry32: a tiny, fast, seedable PRNG; good enough for plausible synthetic data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGE_SHARE: [Stage, number][] = [
  ['pre-school', 0.12],
  ['primary', 0.45],
  ['junior-secondary', 0.22],
  ['senior-high', 0.09],
  ['secondary-vocational', 0.07],
  ['higher-vocational', 0.03],
  ['undergraduate', 0.02],
];

const ENTRY_AGE: Record<Stage, number> = {
  'pre-school': 3,
  primary: 6,
  'junior-secondary': 12,
  'senior-high': 15,
  'secondary-vocational': 15,
  'higher-vocational': 18,
  undergraduate: 18,
};

const GRADES: Record<Stage, number> = {
  'pre-school': 3,
  primary: 6,
  'junior-secondary': 3,
  'senior-high': 3,
  'secondary-vocational': 3,
  'higher-vocational': 3,
  undergraduate: 4,
};

export class SyntheticProvince {
  private jurisdictionList?: SyntheticJurisdiction[];
  private schoolList?: SyntheticSchool[];

  constructor(
    readonly scope: ProvinceScope = PLAN_SCOPE,
    readonly seed = 2016,
  ) {}

  private name(random: () => number, length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += PLACE[Math.floor(random() * PLACE.length)];
    return text;
  }

  /** Province → prefectures → counties → townships → villages (poor villages flagged). */
  jurisdictions(): SyntheticJurisdiction[] {
    if (this.jurisdictionList) return this.jurisdictionList;
    const random = prng(this.seed);
    const list: SyntheticJurisdiction[] = [
      { code: PROVINCE_CODE, name: '示范省', level: 'province', parentCode: null, registeredPoor: false },
    ];
    const prefectures = Math.max(1, Math.ceil(this.scope.counties / 4));
    for (let p = 1; p <= prefectures; p++) {
      list.push({ code: `${PROVINCE_CODE}${pad(p, 2)}`, name: `${this.name(random, 2)}市`, level: 'prefecture', parentCode: PROVINCE_CODE, registeredPoor: false });
    }
    const villagesPerCounty = Math.ceil(this.scope.poorVillages / this.scope.counties);
    let poorVillagesLeft = this.scope.poorVillages;
    for (let c = 0; c < this.scope.counties; c++) {
      const prefectureCode = `${PROVINCE_CODE}${pad((c % prefectures) + 1, 2)}`;
      const countyCode = `${prefectureCode}${pad(Math.floor(c / prefectures) + 21, 2)}`;
      list.push({ code: countyCode, name: `${this.name(random, 2)}县`, level: 'county', parentCode: prefectureCode, registeredPoor: true });
      const poorHere = Math.min(villagesPerCounty, poorVillagesLeft);
      poorVillagesLeft -= poorHere;
      // About one non-poor village for every four poor ones, so the flag means something.
      const villagesHere = poorHere + Math.ceil(poorHere / 4);
      const townships = Math.max(1, Math.ceil(villagesHere / 12));
      for (let t = 1; t <= townships; t++) {
        const townshipCode = `${countyCode}${pad(t, 3)}`;
        list.push({ code: townshipCode, name: `${this.name(random, 2)}镇`, level: 'township', parentCode: countyCode, registeredPoor: false });
      }
      for (let v = 0; v < villagesHere; v++) {
        const townshipCode = `${countyCode}${pad((v % townships) + 1, 3)}`;
        list.push({
          code: `${townshipCode}${pad(Math.floor(v / townships) + 1, 3)}`,
          name: `${this.name(random, 2)}村`,
          level: 'village',
          parentCode: townshipCode,
          registeredPoor: v < poorHere,
        });
      }
    }
    this.jurisdictionList = list;
    return list;
  }

  counties(): SyntheticJurisdiction[] {
    return this.jurisdictions().filter((j) => j.level === 'county');
  }

  /** Schools of every kind in the plan, spread over the counties' townships. */
  schools(): SyntheticSchool[] {
    if (this.schoolList) return this.schoolList;
    const random = prng(this.seed + 1);
    const counties = this.counties();
    const townshipsByCounty = new Map<string, string[]>();
    for (const j of this.jurisdictions()) {
      if (j.level === 'township') townshipsByCounty.set(j.parentCode as string, [...(townshipsByCounty.get(j.parentCode as string) ?? []), j.code]);
    }
    const sequence = new Map<string, number>();
    const list: SyntheticSchool[] = [];
    const add = (kind: SchoolKind, count: number, suffix: string, boardingShare: number) => {
      for (let i = 0; i < count; i++) {
        const county = counties[i % counties.length];
        const townships = townshipsByCounty.get(county.code) as string[];
        const next = (sequence.get(county.code) ?? 0) + 1;
        sequence.set(county.code, next);
        list.push({
          code: `${county.code}${pad(next, 4)}`,
          name: `${this.name(random, 2)}${suffix}`,
          kind,
          jurisdictionCode: townships[Math.floor(random() * townships.length)],
          countyCode: county.code,
          boarding: random() < boardingShare,
        });
      }
    };
    add('kindergarten', this.scope.kindergartens, '幼儿园', 0);
    add('teaching-point', this.scope.teachingPoints, '教学点', 0);
    add('primary', this.scope.primary, '小学', 0.25);
    add('junior-secondary', this.scope.juniorSecondary, '初级中学', 0.8);
    add('senior-high', this.scope.seniorHigh, '高级中学', 0.9);
    add('secondary-vocational', this.scope.secondaryVocational, '职业技术学校', 0.7);
    add('university', this.scope.universities, '学院', 1);
    list
      .filter((s) => s.kind === 'university')
      .forEach((u, i) => (u.pairedCountyCode = counties[(i * 7) % counties.length].code));
    this.schoolList = list;
    return list;
  }

  /**
   * The roster of `scope.students` rows, streamed (memory does not grow with the count). Students
   * come in households of one to three siblings; birth dates fit stage and grade; IDs are valid and
   * unique.
   */
  *roster(academicYearStart = 2024): Generator<RosterRow> {
    const random = prng(this.seed + 2);
    const schoolsByStage = new Map<Stage, SyntheticSchool[]>();
    for (const school of this.schools()) {
      for (const stage of STAGES_BY_SCHOOL_KIND[school.kind]) {
        schoolsByStage.set(stage, [...(schoolsByStage.get(stage) ?? []), school]);
      }
    }
    const villagesByCounty = new Map<string, string[]>();
    for (const j of this.jurisdictions()) {
      if (j.level === 'village') {
        const county = j.code.slice(0, 6);
        villagesByCounty.set(county, [...(villagesByCounty.get(county) ?? []), j.code]);
      }
    }
    const householdSeq = new Map<string, number>();
    const idSeq = new Map<string, number>();
    const year = academicYearOf(academicYearStart);
    let emitted = 0;
    let household: { no: string; village: string; surname: string; leftBehind: boolean } | undefined;
    let siblingsLeft = 0;
    while (emitted < this.scope.students) {
      const stage = pickStage(random());
      const candidates = schoolsByStage.get(stage) ?? (schoolsByStage.get('primary') as SyntheticSchool[]);
      const school = candidates[Math.floor(random() * candidates.length)];
      if (siblingsLeft === 0 || !household || !household.village.startsWith(school.countyCode)) {
        const villages = villagesByCounty.get(school.countyCode) as string[];
        const village = villages[Math.floor(random() * villages.length)];
        const seq = (householdSeq.get(village) ?? 0) + 1;
        householdSeq.set(village, seq);
        household = { no: `${village}${pad(seq, 4)}`, village, surname: SURNAMES[Math.floor(random() * SURNAMES.length)], leftBehind: random() < 0.3 };
        siblingsLeft = 1 + Math.floor(random() * 3);
      }
      siblingsLeft -= 1;
      const grade = 1 + Math.floor(random() * GRADES[stage]);
      const age = ENTRY_AGE[stage] + grade - 1 + (random() < 0.15 ? 1 : 0);
      const birthYear = academicYearStart - age - (random() < 0.67 ? 0 : 1);
      const dayOfYear = Math.floor(random() * 365);
      const birth = new Date(Date.UTC(birthYear, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
      const regionCode = household.village.slice(0, 6);
      const key = `${regionCode}${birth}`;
      const seq = (idSeq.get(key) ?? 0) + 1;
      idSeq.set(key, seq);
      if (seq > 999) continue; // the sequence field has three digits; try another birth date
      const given = GIVEN[Math.floor(random() * GIVEN.length)] + (random() < 0.7 ? GIVEN[Math.floor(random() * GIVEN.length)] : '');
      emitted += 1;
      yield {
        national_id: makeNationalId(regionCode, birth, seq),
        name: household.surname + given,
        household_no: household.no,
        village_code: household.village,
        school_code: school.code,
        stage,
        grade,
        boarding: school.boarding && stage !== 'pre-school' && random() < 0.8,
        academic_year: year,
        disability: random() < 0.02,
        left_behind: household.leftBehind,
        migrant_child: random() < 0.05,
        special_hardship: random() < 0.04,
      };
    }
  }
}

function pickStage(r: number): Stage {
  let acc = 0;
  for (const [stage, share] of STAGE_SHARE) {
    acc += share;
    if (r < acc) return stage;
  }
  return 'primary';
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
