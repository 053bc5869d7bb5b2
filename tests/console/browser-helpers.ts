import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import axe from 'axe-core';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startEduaid, type EduaidHarness } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { createConsoleApp } from '../../services/console/src/console-app';
import { loadConsoleConfig } from '../../services/console/src/console-config';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, DEMO_PASSWORD, seedUsers } from '../e2e/casework-fixtures';

/**
 * What every browser spec of the console shares: the console's server in front of a harness's
 * services, Debian's headless Chromium through playwright-core, a fresh browser per person, signing in,
 * and axe-core with a screenshot of each main screen (tests/console/screenshots, git-ignored).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS = path.join(__dirname, 'screenshots');

export interface ConsoleUnderTest {
  app: NestFastifyApplication;
  /** The console's address, ending in '/'. */
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The console's own server over the harness's services, and a Chromium to drive it. */
export async function startConsole(eduaid: EduaidHarness): Promise<ConsoleUnderTest> {
  mkdirSync(SHOTS, { recursive: true });
  const config = loadConsoleConfig({
    CONSOLE_PORT: '0',
    EDUAID_STUDENTS_URL: eduaid.http('students').baseUrl,
    EDUAID_SCHOOLS_URL: eduaid.http('schools').baseUrl,
    EDUAID_CASEWORK_URL: eduaid.http('casework').baseUrl,
    EDUAID_MENTORING_URL: eduaid.http('mentoring').baseUrl,
    CONSOLE_STATIC_DIR: path.resolve(__dirname, '../../dist/console-web'),
  });
  const app = await createConsoleApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    app,
    url,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** What a browser spec works against: the services under the harness, and the console with its Chromium. */
export interface ConsoleWithServices {
  eduaid: EduaidHarness;
  ui: ConsoleUnderTest;
}

/**
 * For a browser spec's beforeAll: casework, students, schools and mentoring under the harness (`label`,
 * with `env`), the demo users, what `prepare` writes before the console starts (names of places, other
 * users), then the console and Chromium. Stop it with stopConsoleWithServices in afterAll.
 */
export async function startConsoleWithServices(label: string, options: { env?: Record<string, string>; prepare?: (eduaid: EduaidHarness) => Promise<void> } = {}): Promise<ConsoleWithServices> {
  const eduaid = await startEduaid(label, [caseworkService, studentsService, schoolsService, mentoringService], { env: options.env });
  try {
    await seedUsers(eduaid);
    await options.prepare?.(eduaid);
    return { eduaid, ui: await startConsole(eduaid) };
  } catch (error) {
    await eduaid.close();
    throw error;
  }
}

/** The console and Chromium, then the services (what startConsoleWithServices started; either may be missing after a failed start). */
export async function stopConsoleWithServices({ eduaid, ui }: Partial<ConsoleWithServices>): Promise<void> {
  await ui?.close();
  await eduaid?.close();
}

/**
 * Writes a registered-poor household of `village` (in the demo county unless `county` says) and one
 * student of it enrolled at `school` for `year`, straight into the students service's tables (no roster
 * import needed for a journey); answers the student's id.
 */
export async function insertEnrolledStudent(
  eduaid: EduaidHarness,
  s: { name: string; village: string; county?: string; school: string; stage: string; grade: number; boarding: boolean; year: string; birthDate: string; sex: 'female' | 'male'; maskedNationalId?: string },
): Promise<string> {
  const county = s.county ?? DEMO_COUNTY;
  const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, s.village, county]);
  const [student] = await eduaid.db.query<{ id: string }>(
    `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
       school_code, school_county_code, stage, grade, boarding, academic_year)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $11, $12, $13, $14) RETURNING id`,
    [randomBytes(40), randomBytes(32), s.maskedNationalId ?? '**************0000', s.name, s.birthDate, s.sex, h.id, s.village, county, s.school, s.stage, s.grade, s.boarding, s.year],
  );
  return student.id;
}

/** Every page opened, with what went wrong on it (API answers of 400 and above, page errors), newest last. */
const opened: { page: Page; trail: string[] }[] = [];

/**
 * A fresh browser (its own session storage). CSP is bypassed only so axe-core's script can be added.
 * It asks for reduced motion, which the console honours by turning Ant Design's animations off: on a
 * loaded CI machine a button's loading icon could stay half-collapsed and invisible, so the button's
 * accessible name read "loading 开案" and a journey never found "开案" (CI, session 6).
 */
export async function newPage(console: ConsoleUnderTest, viewport = { width: 1366, height: 900 }, mobile = false): Promise<Page> {
  const context = await console.browser.newContext({ locale: 'zh-CN', viewport, isMobile: mobile, hasTouch: mobile, bypassCSP: true, acceptDownloads: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const trail: string[] = [];
  const note = (line: string) => trail.push(`${new Date().toISOString().slice(11, 23)} ${line}`) > 30 && trail.shift();
  page.on('response', (r) => r.status() >= 400 && note(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('framenavigated', (f) => f === page.mainFrame() && note(`at ${new URL(f.url()).pathname}`));
  opened.push({ page, trail });
  return page;
}

/**
 * What each open page shows (its address, the start of its text, its recent failures), with a
 * screenshot of each as failed-<n>.png: a journey that fails under load says what the person saw,
 * rather than only which element never came.
 */
async function screens(): Promise<string> {
  const out: string[] = [];
  for (const [i, { page, trail }] of opened.entries()) {
    if (page.isClosed()) continue;
    const text = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText).catch((e: unknown) => `(unreadable: ${String(e)})`);
    await page.screenshot({ path: path.join(SHOTS, `failed-${i}.png`), fullPage: true }).catch(() => undefined);
    // The buttons as the accessibility tree has them (what getByRole finds), and anything hiding part of the page from it.
    const buttons = await page
      .locator('button')
      .evaluateAll((all) =>
        (all as unknown as { textContent: string | null; querySelectorAll(s: string): ArrayLike<{ getAttribute(a: string): string | null }> }[]).map((b) => {
          const labels = Array.from(b.querySelectorAll('[aria-label]')).map((e) => e.getAttribute('aria-label'));
          return `${b.textContent ?? ''}${labels.length ? ` [${labels.join(' ')}]` : ''}`;
        }),
      )
      .catch(() => []);
    const hidden = await page
      .evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ tagName: string; className: string; getAttribute(a: string): string | null }> } }).document;
        return Array.from(doc.querySelectorAll('[aria-hidden="true"], [inert]')).filter((e) => !String(e.className).includes('anticon')).map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}`);
      })
      .catch(() => []);
    out.push(
      `--- page ${i} at ${page.url()} (failed-${i}.png)\n${text.replace(/\s+/g, ' ').slice(0, 1200)}\nbuttons: ${buttons.map((b) => b.trim()).join(' | ')}\nhidden from assistive tech: ${hidden.join(', ') || 'nothing'}\n${trail.join('\n') || '(no failed requests)'}`,
    );
  }
  return out.join('\n');
}

/** A browser journey: `it`, but a failure carries what every open page showed at that moment. */
export function journey(name: string, run: () => Promise<void>, timeoutMs: number): void {
  it(
    name,
    async () => {
      try {
        await run();
      } catch (error) {
        if (error instanceof Error) {
          // Jest prints the stack, which already holds the message: both get the screens.
          const screensText = `\n\nThe screens when it failed:\n${await screens()}`;
          const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
          error.message += screensText;
          error.stack = `${error.name}: ${error.message}\n${frames.join('\n')}`;
        }
        throw error;
      }
    },
    timeoutMs,
  );
}

/** Signs a person in (on a page of their own unless one is given) and waits for the shell. */
export async function signIn(console: ConsoleUnderTest, username: string, password = DEMO_PASSWORD, page?: Page): Promise<Page> {
  const p = page ?? (await newPage(console));
  await p.goto(console.url);
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill(password);
  await p.getByRole('button', { name: '登录' }).click();
  await p.getByTestId('whoami').waitFor();
  return p;
}

/** axe-core on the screen as it is: no serious or critical violation; then a screenshot of it. */
export async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // A dialog still fading in has its colours half-way: axe would measure a contrast nobody sees
  // (endless animations, such as a spinner, are left out).
  await page.waitForFunction(
    () => {
      type Running = { playState: string; effect: { getComputedTiming(): { iterations?: number } } | null };
      const inPage = globalThis as unknown as { document: { getAnimations(): Running[] } };
      return inPage.document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
    },
    undefined,
    { timeout: 10_000 },
  );
  await page.mouse.move(0, 0);
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    // Runs in the page: its global scope has axe (added above) and the document.
    const inPage = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const result = await inPage.axe.run(inPage.document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  expect({ screen: name, violations }).toEqual({ screen: name, violations: [] });
}

/**
 * Fills the programme admin's new-user form (`#new-user` on /users) as a person does, choosing the
 * role and the scope level from their dropdowns; the caller presses 创建 and reads the answer.
 */
export async function fillNewUser(page: Page, user: { username: string; displayName: string; password: string; role: string; level: string; code: string }): Promise<Locator> {
  const form = page.locator('#new-user');
  await form.getByLabel('用户名').fill(user.username);
  await form.getByLabel('姓名').fill(user.displayName);
  await form.getByLabel('初始密码').fill(user.password);
  await form.getByLabel('角色').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(user.role).click();
  await page.keyboard.press('Escape');
  await form.getByLabel('辖区层级').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(user.level).click();
  await form.getByLabel('辖区代码').fill(user.code);
  return form;
}

/** Reloads the page until the locator shows (a workflow moves a moment after the click). */
export async function untilShown(page: Page, locator: Locator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await locator.first().isVisible().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not shown within ${timeoutMs} ms: ${locator.toString()}`);
    await page.waitForTimeout(1000);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
}
