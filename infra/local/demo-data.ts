import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, signCallerToken } from '@eduaid/platform';
import { caseworkService } from '../../services/casework/src/casework.service';
import { seedDemoUsers } from '../../services/casework/src/seed/demo-users';
import { ROSTER_COLUMNS, SyntheticProvince, rosterCsvLine, scopeAt } from '../synthetic/province';
import { loadDemoMentoring } from './demo-mentoring';
import { delay } from './ports';

/** A small slice of the synthetic province: about 7 counties' worth of schools and 1,500 students. */
const DEMO_FRACTION = 0.002;

export interface DemoTarget {
  dataDir: string;
  databaseUrl: string;
  tokenSecret: string;
  schoolsUrl: string;
  studentsUrl: string;
  /** When given: graduates with open job-assistance cases for mentor.demo and graduate.demo. */
  mentoringUrl?: string;
  log: (line: string) => void;
}

/**
 * Loads the demo data set once, on the first start: the synthetic province's schools (slice), a
 * roster imported through the real import workflow, and a user for each role in the demo county.
 * A marker file in the data folder keeps later starts from loading it again.
 */
export async function loadDemoDataOnFirstStart(target: DemoTarget): Promise<void> {
  const marker = path.join(target.dataDir, 'demo-data-loaded');
  if (existsSync(marker) || process.env.EDUAID_DEMO_DATA === 'off') return;
  const province = new SyntheticProvince(scopeAt(DEMO_FRACTION));
  const county = province.counties()[0].code;
  target.log(`loading the demo data set (first start): schools, a roster and users for each role in county ${county}`);

  const { token } = await signCallerToken(target.tokenSecret, {
    userId: 'eduaid-setup',
    displayName: 'eduaid setup',
    roles: ['programme-admin'],
    scope: { level: 'province', code: county.slice(0, 2) },
  });
  const auth = { authorization: `Bearer ${token}` };

  const caseworkDb = new DataSource(serviceDataSourceOptions({ ...caseworkService.database, url: target.databaseUrl }));
  await caseworkDb.initialize();
  const users = await seedDemoUsers(caseworkDb, { countyCode: county });
  await caseworkDb.destroy();

  const schools = await fetch(`${target.schoolsUrl}/admin/synthetic-province`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ fraction: DEMO_FRACTION }),
  });
  if (!schools.ok) throw new Error(`loading demo schools failed: ${schools.status} ${await schools.text()}`);

  const csv = [ROSTER_COLUMNS.join(','), ...[...province.roster(2024)].map(rosterCsvLine)].join('\n') + '\n';
  const upload = await fetch(`${target.studentsUrl}/roster-imports?fileName=demo-roster.csv`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csv,
  });
  if (!upload.ok) throw new Error(`uploading the demo roster failed: ${upload.status} ${await upload.text()}`);
  const { importId } = (await upload.json()) as { importId: string };
  for (let i = 0; i < 240; i++) {
    const status = (await (await fetch(`${target.studentsUrl}/roster-imports/${importId}`, { headers: auth })).json()) as { status: string; rowsAccepted: number };
    if (status.status === 'completed') {
      target.log(`demo roster imported: ${status.rowsAccepted} students`);
      break;
    }
    if (status.status === 'failed') throw new Error('the demo roster import failed');
    await delay(500);
  }
  if (target.mentoringUrl) {
    try {
      await loadDemoMentoring({ databaseUrl: target.databaseUrl, tokenSecret: target.tokenSecret, studentsUrl: target.studentsUrl, mentoringUrl: target.mentoringUrl, county, log: target.log });
    } catch (error) {
      target.log(`the demo job-assistance cases could not be loaded: ${(error as Error).message}`);
    }
  }
  writeFileSync(marker, new Date().toISOString());
  target.log(`demo users (password 'eduaid-demo-password'): ${users.map((u) => u.username).join(', ')}`);
}
