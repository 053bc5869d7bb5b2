import type { Page } from 'playwright-core';
import { EduaidHarness } from '@eduaid/testing';
import { DEMO_COUNTY, DEMO_PASSWORD, login, nameThePlaces } from '../e2e/casework-fixtures';
import * as browser from './browser-helpers';

/**
 * The users screen (用户: programme admins and supervisors list the users of their jurisdiction, see a
 * lockout and lift it, create users), the students list's name search, and places and people by name
 * on the audit trail, in a real browser against the real services (real PostgreSQL and Temporal),
 * through the console's own server. axe-core on each screen, a screenshot in tests/console/screenshots.
 */
const JOURNEY_MS = 300_000;
const OTHER_COUNTY = `${DEMO_COUNTY.slice(0, 4)}03`;
const VILLAGE = `${DEMO_COUNTY}001001`;
const SCHOOL = `${DEMO_COUNTY}0001`;

describe('the console: users, the name search and names', () => {
  let eduaid: EduaidHarness;
  let ui: browser.ConsoleUnderTest;
  let consoleUrl: string;

  beforeAll(async () => {
    ({ eduaid, ui } = await browser.startConsoleWithServices('console-users', {
      prepare: async (started) => {
        await nameThePlaces(started, [
          [DEMO_COUNTY.slice(0, 2), 'province', '湖北省', null],
          [DEMO_COUNTY.slice(0, 4), 'prefecture', '武汉市', DEMO_COUNTY.slice(0, 2)],
          [DEMO_COUNTY, 'county', '江岸区', DEMO_COUNTY.slice(0, 4)],
          [OTHER_COUNTY, 'county', '江汉区', DEMO_COUNTY.slice(0, 4)],
          [VILLAGE.slice(0, 9), 'township', '大智街道', DEMO_COUNTY],
          [VILLAGE, 'village', '惠济社区', VILLAGE.slice(0, 9)],
        ], [{ code: SCHOOL, name: '惠济小学', kind: 'primary', jurisdiction: VILLAGE.slice(0, 9), county: DEMO_COUNTY }]);
        // A user of another county, whom the demo county's supervisor must not see.
        await started.db.query(
          `INSERT INTO casework.users (user_id, username, display_name, password_hash, password_salt, roles, scope_level, scope_code) VALUES ('cu-other', 'other-county.cu', '外县经办人', 'x', 'x', '{caseworker}', 'county', $1) ON CONFLICT DO NOTHING`,
          [OTHER_COUNTY],
        );
      },
    }));
    consoleUrl = ui.url;
  }, 240_000);

  afterAll(() => browser.stopConsoleWithServices({ eduaid, ui }));

  const signIn = (username: string): Promise<Page> => browser.signIn(ui, username, DEMO_PASSWORD);
  const { check } = browser;
  const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

  /** A task at a step whose row shows `text`, in my inbox or my group's: claimed if it is not mine, and opened. */
  async function openTask(page: Page, step: string, text: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const view of ['', '?view=group']) {
        await page.goto(`${consoleUrl}inbox${view}`);
        await page.waitForLoadState('networkidle');
        const found = row(page, step).filter({ hasText: text });
        if (await found.first().isVisible().catch(() => false)) {
          const claim = found.getByRole('button', { name: /^领取/ });
          if ((await claim.count()) > 0) await claim.click();
          else await found.getByRole('link').first().click();
          await page.getByRole('heading', { name: new RegExp(step) }).waitFor();
          return;
        }
      }
      if (Date.now() > deadline) throw new Error(`no ${step} task for ${text} in the inbox within 120 s`);
      await page.waitForTimeout(1000);
    }
  }

  /** Clicks a decision button and waits until the console moves on (to the next task or the inbox). */
  async function decide(page: Page, button: string): Promise<void> {
    const here = page.url();
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForURL((url) => url.toString() !== here, { timeout: 30_000 });
  }

  /** Waits until the application screen (which reads itself again while it moves) shows the text. */
  async function untilState(page: Page, text: string): Promise<void> {
    await browser.untilShown(page, page.getByText(text, { exact: true }), 120_000);
  }

  function student(name: string, opts: { stage: string; grade: number; boarding: boolean; year: string } = { stage: 'primary', grade: 3, boarding: false, year: '2026-2027' }): Promise<string> {
    return browser.insertEnrolledStudent(eduaid, { name, village: VILLAGE, school: SCHOOL, ...opts, birthDate: '2013-05-01', sex: 'female', maskedNationalId: '420***********0000' });
  }

  browser.journey('a programme admin lists the users with their scopes by name, lifts a lockout and creates a user; a supervisor sees the county’s users only', async () => {
    // caseworker2.demo is locked after ten failed logins (the state the throttle leaves; its own e2e drives it).
    await eduaid.db.query(
      `INSERT INTO casework.login_throttle (key, failures, last_failure_at, locked_at) VALUES ('account:caseworker2.demo', 10, now(), now())
       ON CONFLICT (key) DO UPDATE SET failures = 10, last_failure_at = now(), locked_at = now()`,
    );
    const admin = await signIn('admin.demo');
    await admin.goto(`${consoleUrl}users`);
    await admin.getByRole('heading', { name: '用户与辖区' }).waitFor();
    // Scopes by name with the code beside it; roles in words.
    await row(admin, 'caseworker1.demo').filter({ hasText: '县（区） 江岸区 420102' }).filter({ hasText: '经办人' }).waitFor();
    await row(admin, 'prefecture-approver.demo').filter({ hasText: '武汉市' }).waitFor();
    const locked = row(admin, 'caseworker2.demo');
    await locked.getByText('已锁定').waitFor();
    await check(admin, '40-users');

    // Filters: the start of a name, and a role.
    const filters = admin.locator('#user-filters');
    await filters.getByLabel('姓名或用户名').fill('approver');
    await filters.getByRole('button', { name: '查询' }).click();
    await row(admin, 'approver1.demo').waitFor();
    await row(admin, 'approver2.demo').waitFor();
    await row(admin, 'caseworker1.demo').waitFor({ state: 'detached' });
    await filters.getByLabel('姓名或用户名').fill('');
    await filters.getByLabel('角色').click();
    await admin.locator('.ant-select-dropdown:visible').getByTitle('主管').click();
    await filters.getByRole('button', { name: '查询' }).click();
    await row(admin, 'supervisor.demo').waitFor();
    await row(admin, 'approver1.demo').waitFor({ state: 'detached' });
    await filters.getByLabel('角色').click();
    await admin.locator('.ant-select-dropdown:visible').getByTitle('经办人').click();
    await filters.getByRole('button', { name: '查询' }).click();

    // Lift the lockout (confirmed first); caseworker2.demo can sign in again.
    await row(admin, 'caseworker2.demo').getByRole('button', { name: '解除锁定' }).click();
    await admin.getByRole('button', { name: '解除', exact: true }).click();
    await row(admin, 'caseworker2.demo').getByText('正常').waitFor();
    await (await signIn('caseworker2.demo')).getByTestId('whoami').waitFor();

    // Create a user: a taken user name is the server's 409, shown as a problem; then a new one is listed.
    const form = await browser.fillNewUser(admin, { username: 'caseworker1.demo', displayName: '重名经办人', password: DEMO_PASSWORD, role: '经办人', level: '县（区）', code: DEMO_COUNTY });
    await form.getByRole('button', { name: '创建' }).click();
    await admin.getByRole('alert').filter({ hasText: 'user.username-taken' }).waitFor();
    await form.getByLabel('用户名').fill('caseworker3.demo');
    await form.getByRole('button', { name: '创建' }).click();
    await admin.getByText('已创建 caseworker3.demo').waitFor();
    await row(admin, 'caseworker3.demo').filter({ hasText: '江岸区' }).waitFor();

    // The county's supervisor: the list without the form, nobody of another county, no province admin.
    const supervisor = await signIn('supervisor.demo');
    await supervisor.goto(`${consoleUrl}users`);
    await supervisor.getByRole('heading', { name: '用户', exact: true }).waitFor();
    await row(supervisor, 'caseworker3.demo').waitFor();
    expect(await supervisor.locator('#new-user').count()).toBe(0);
    expect(await row(supervisor, 'other-county.cu').count()).toBe(0);
    expect(await row(supervisor, 'admin.demo').count()).toBe(0);
    expect(await supervisor.getByRole('button', { name: '解除锁定' }).count()).toBe(0);
    await check(supervisor, '41-users-supervisor');
  }, JOURNEY_MS);

  browser.journey('a caseworker finds students by the start of their name; the auditor’s trail names people and places', async () => {
    await student('欧阳明月');
    await student('欧阳小雨');
    await student('明月欧阳');
    const caseworker = await signIn('caseworker1.demo');
    await caseworker.goto(`${consoleUrl}students`);
    await caseworker.getByRole('heading', { name: '学生', exact: true }).waitFor();
    await row(caseworker, '明月欧阳').waitFor();
    const filters = caseworker.locator('#student-filters');
    await filters.getByLabel('姓名').fill(' 欧阳 ');
    await filters.getByRole('button', { name: '查询' }).click();
    await row(caseworker, '欧阳明月').filter({ hasText: '惠济小学' }).waitFor();
    await row(caseworker, '欧阳小雨').waitFor();
    await row(caseworker, '明月欧阳').waitFor({ state: 'detached' });
    await filters.getByLabel('姓名').fill('欧阳远');
    await filters.getByRole('button', { name: '查询' }).click();
    await caseworker.getByText('您的辖区内没有符合条件的学生').waitFor();
    await filters.getByLabel('姓名').fill('欧阳明月');
    await filters.getByRole('button', { name: '查询' }).click();
    await row(caseworker, '欧阳明月').waitFor();
    await check(caseworker, '42-students-name-search');

    // The audit trail: the admin who created a user (through the API here) by name, the county by name.
    const made = await eduaid.http('casework').post('/users', { username: 'audit-probe.cw', displayName: '审计探针', password: DEMO_PASSWORD, roles: ['caseworker'], scopeLevel: 'county', scopeCode: DEMO_COUNTY }, await login(eduaid, 'admin.demo'));
    expect(made.status).toBe(201);
    const auditor = await signIn('auditor.demo');
    await auditor.goto(`${consoleUrl}audit`);
    await auditor.getByLabel('动作').fill('user.created');
    await auditor.getByRole('button', { name: '查询' }).click();
    const created = row(auditor, 'user.created').first();
    await created.filter({ hasText: 'admin.demo' }).filter({ hasText: '江岸区' }).waitFor();
    expect(await created.getByText('demo-admin', { exact: true }).count()).toBe(0);
    await check(auditor, '43-audit-names');
  }, JOURNEY_MS);

  browser.journey('a rejected application is appealed and upheld a level up; a student is transferred to another school, a wrong code refused beside the field first', async () => {
    const year = '2030-2031';
    const id = await student('申诉丙', { stage: 'junior-secondary', grade: 2, boarding: true, year });
    const applicationUrl = `${consoleUrl}applications/${encodeURIComponent(`aid-application:${id}:${year}`)}`;

    // The caseworker applies from the student record.
    const caseworker = await signIn('caseworker1.demo');
    await caseworker.goto(`${consoleUrl}students/${id}`);
    await caseworker.getByRole('heading', { name: '学生档案：申诉丙' }).waitFor();
    await caseworker.getByRole('button', { name: '发起资助申请' }).click();
    await caseworker.getByLabel('银行账号').fill('6217000010001234567');
    await caseworker.getByLabel('户名').fill('家长丙');
    await caseworker.getByRole('button', { name: '提交申请' }).click();
    await caseworker.getByRole('heading', { name: '资助申请' }).waitFor();

    // The school confirms; the county approver rejects with a reason.
    const school = await signIn('school-caseworker.demo');
    await openTask(school, '学校核查', id.slice(0, 8));
    await decide(school, '通过');
    const approver = await signIn('approver1.demo');
    await openTask(approver, '县级审批', id.slice(0, 8));
    await approver.getByLabel('意见（驳回或退回时必填）').fill('寄宿证明缺失，不予资助');
    await decide(approver, '驳回');

    // The caseworker sees the rejection and appeals it (the reason is asked for first).
    await caseworker.goto(applicationUrl);
    await untilState(caseworker, '已驳回');
    await caseworker.getByRole('button', { name: '对驳回提出申诉' }).click();
    const dialog = caseworker.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('请说明理由').waitFor();
    await dialog.getByLabel('理由').fill('已补交学校出具的寄宿证明');
    await dialog.getByRole('button', { name: '提交' }).click();
    await untilState(caseworker, '申诉中');
    await check(caseworker, '44-application-in-appeal');

    // The appeal is decided a level up, by the prefecture's approver, who sees the county's rejection by name.
    const prefecture = await signIn('prefecture-approver.demo');
    await openTask(prefecture, '市级申诉', id.slice(0, 8));
    await prefecture.getByText(/县级审批 · 驳回 · approver1\.demo/).first().waitFor();
    await check(prefecture, '45-task-appeal');
    await decide(prefecture, '通过');
    await caseworker.goto(applicationUrl);
    await untilState(caseworker, '已批准');
    expect(await caseworker.getByRole('button', { name: '对驳回提出申诉' }).count()).toBe(0);

    // The student moves to another school of the county: a code of the wrong length is refused in the
    // form, an unknown school by the service beside the field, then the transfer is listed by name.
    await eduaid.db.query(
      `INSERT INTO students.school_directory (code, kind, county_code, jurisdiction_code, boarding) VALUES ($1, 'junior-secondary', $2, $3, true) ON CONFLICT (code) DO NOTHING`,
      [`${DEMO_COUNTY}0002`, DEMO_COUNTY, VILLAGE.slice(0, 9)],
    );
    await nameThePlaces(eduaid, [], [{ code: `${DEMO_COUNTY}0002`, name: '大智中学', kind: 'junior-secondary', jurisdiction: VILLAGE.slice(0, 9), county: DEMO_COUNTY }]);
    await caseworker.goto(`${consoleUrl}students/${id}`);
    await caseworker.getByRole('button', { name: '办理转学或迁移' }).click();
    const transfer = caseworker.getByRole('dialog');
    await transfer.getByLabel('新学校代码').fill('42010200');
    await transfer.getByLabel('理由').fill('随父母务工迁居，转入大智中学就读');
    await transfer.getByRole('button', { name: '转出' }).click();
    await transfer.getByText('学校代码为 10 位数字').waitFor();
    await transfer.getByLabel('新学校代码').fill(`${DEMO_COUNTY}0999`);
    await transfer.getByRole('button', { name: '转出' }).click();
    await transfer.getByText(`unknown school '${DEMO_COUNTY}0999'`).waitFor();
    await transfer.getByLabel('新学校代码').fill(`${DEMO_COUNTY}0002`);
    await transfer.getByRole('button', { name: '转出' }).click();
    await transfer.waitFor({ state: 'hidden' });
    const moved = row(caseworker, '随父母务工迁居');
    await moved.filter({ hasText: '惠济小学' }).filter({ hasText: '大智中学' }).filter({ hasText: 'caseworker1.demo' }).waitFor();
    // The household's registration reads in Chinese, by the system (not "registered by roster import · system").
    const history = caseworker.getByTestId('household-status-history');
    await history.getByText('由名册导入登记').waitFor();
    await history.getByText(/建档立卡贫困户 · 自 .* · 系统/).waitFor();
    expect(await history.innerText()).not.toMatch(/registered by|system/);
    await check(caseworker, '46-student-transferred');
  }, JOURNEY_MS);
});
