import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  CAMPAIGN_WORKFLOW,
  Caller,
  CallerScope,
  CampaignInput,
  DEFAULT_CAMPAIGN_SETTINGS,
  campaignWorkflowId,
  parseAcademicYear,
  scopeActsAt,
  scopeCovers,
} from '@eduaid/contracts';
import { reasonOf, standardsForYear } from '@eduaid/policy';
import { DomainError, UnitOfWork, assertGrantable, assertInScope, csvDocument, denyAccess, WorkflowStarter } from '@eduaid/platform';
import {
  CampaignAckDto,
  CampaignDto,
  CampaignExclusionDto,
  CampaignListDto,
  CampaignReportAmountDto,
  CampaignReportCountyDto,
  CampaignReportDto,
  CampaignResultDto,
  CampaignResultsPageDto,
  CampaignResultsQueryDto,
  ExcludeStudentDto,
  StartCampaignDto,
  StudentCampaignTimelineDto,
} from './dto/campaign.dto';
import { CampaignListRow, CampaignResultRow, CampaignRow, CampaignsRepository } from './campaigns.repository';

const COUNTY_HEADER = ['countyCode', 'assessed', 'eligible', 'listed', 'approved', 'planned', 'alreadyPlanned', 'excluded', 'excludedByReason'];
const AMOUNT_HEADER = ['countyCode', 'basis', 'scheme', 'fund', 'disbursement', 'students', 'amountFen'];

/**
 * Campaigns: open one per academic year and scope (a workflow whose id is the business key; a
 * second one, or one overlapping it, is refused), read its progress, lists and per-student results
 * within the caller's jurisdiction, take a student off an open list, and report.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly workflows: WorkflowStarter,
  ) {}

  async start(caller: Caller, body: StartCampaignDto): Promise<CampaignAckDto> {
    const scope: CallerScope = { level: body.scopeLevel, code: body.scopeCode };
    assertGrantable(caller, scope, 'A campaign', { level: 'scopeLevel', code: 'scopeCode' });
    const start = parseAcademicYear(body.academicYear);
    if (start === undefined || !standardsForYear(start)) {
      throw new DomainError('campaign.bad-year', 'invalid', `No aid standards cover ${body.academicYear}.`, [{ field: 'academicYear', message: 'academicYear must be two consecutive years that the aid standards cover' }]);
    }
    const campaignId = randomUUID();
    const workflowId = campaignWorkflowId(body.academicYear, body.scopeCode);
    const clash = await this.unitOfWork.run((tx) =>
      this.campaigns.create({ id: campaignId, workflowId, academicYear: body.academicYear, scopeLevel: body.scopeLevel, scopeCode: body.scopeCode, startedBy: caller.userId }, tx),
    );
    if (clash) {
      const same = clash.scope_code === body.scopeCode;
      throw new DomainError(
        same ? 'campaign.already-started' : 'campaign.overlaps',
        'conflict',
        same
          ? `A campaign for ${body.academicYear} in ${body.scopeCode} has already been started (${clash.id}).`
          : `The campaign ${clash.id} for ${body.academicYear} already covers part of ${body.scopeCode} (${clash.scope_level} ${clash.scope_code}): a student is in one campaign a year.`,
      );
    }
    const input: CampaignInput = {
      campaignId, academicYear: body.academicYear, scopeLevel: body.scopeLevel, scopeCode: body.scopeCode, startedBy: caller.userId,
      settings: { ...DEFAULT_CAMPAIGN_SETTINGS, ...(body.chunkSize ? { chunkSize: body.chunkSize } : {}) },
    };
    try {
      await this.workflows.start(CAMPAIGN_WORKFLOW, {
        workflowId,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [input],
      });
    } catch (error) {
      // Not started: the row must not hold the year and scope.
      await this.campaigns.remove(campaignId);
      throw error;
    }
    return { campaignId, workflowId, state: 'assessing' };
  }

  async list(caller: Caller, academicYear?: string): Promise<CampaignDto[]> {
    const rows = await this.campaigns.list(caller.scope, academicYear);
    return Promise.all(rows.map((r) => this.detail(caller, r)));
  }

  async show(caller: Caller, campaignId: string): Promise<CampaignDto> {
    return this.detail(caller, await this.visible(caller, campaignId));
  }

  async lists(caller: Caller, campaignId: string, countyCode?: string): Promise<CampaignListDto[]> {
    const campaign = await this.visible(caller, campaignId);
    return (await this.campaigns.lists(campaign.id, this.prefix(caller, campaign), countyCode))
      .filter((l) => caller.scope.level !== 'school' || (l.level === 'school' && l.code === caller.scope.code))
      .map(listDto);
  }

  async results(caller: Caller, campaignId: string, query: CampaignResultsQueryDto): Promise<CampaignResultsPageDto> {
    const campaign = await this.visible(caller, campaignId);
    const limit = query.limit ?? 100;
    const rows = await this.campaigns.results(campaign.id, caller.scope, { ...query, limit });
    return { items: rows.map(resultDto), ...(rows.length === limit ? { nextCursor: rows[rows.length - 1].student_id } : {}) };
  }

  async exclude(caller: Caller, campaignId: string, body: ExcludeStudentDto): Promise<CampaignExclusionDto> {
    const campaign = await this.visible(caller, campaignId);
    if (body.reason === 'other' && !body.note) {
      throw new DomainError('campaign.note-required', 'invalid', 'An exclusion for another reason needs a note saying which.', [{ field: 'note', message: 'note is required when reason is other' }]);
    }
    const level = caller.scope.level === 'school' ? 'school' : caller.scope.level === 'county' ? 'county' : undefined;
    const roles = level === 'school' ? ['caseworker', 'supervisor'] : ['approver', 'supervisor'];
    if (!level || !caller.roles.some((r) => roles.includes(r))) {
      denyAccess(caller, 'campaign.wrong-level', 'wrong-level', 'Students are taken off a school list by a caseworker at the school, and off a county list by an approver of the county.', `Campaign ${campaign.id}`);
    }
    const result = await this.campaigns.result(campaign.id, body.studentId);
    if (!result) throw new DomainError('campaign.not-listed', 'not-found', `Student ${body.studentId} is not in campaign ${campaign.id}.`);
    const place = { divisionCode: level === 'school' ? result.village_code : result.county_code, schoolCode: result.school_code };
    if (!scopeActsAt(caller.scope, level, place)) {
      denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', `Student ${body.studentId} is on a list of ${level === 'school' ? `school ${result.school_code}` : `county ${result.county_code}`}, outside your ${caller.scope.level} ${caller.scope.code}.`, `Campaign ${campaign.id}`);
    }
    const outcome = await this.unitOfWork.run((tx) =>
      this.campaigns.exclude({ campaignId: campaign.id, studentId: body.studentId, level, reason: body.reason, note: body.note, by: caller.userId }, tx),
    );
    if (outcome === 'closed') throw new DomainError('campaign.list-closed', 'conflict', `The ${level} list of student ${body.studentId} is not open for review (not yet, or already decided).`);
    if (outcome === 'not-on-list' || outcome === 'unknown') throw new DomainError('campaign.not-on-list', 'conflict', `Student ${body.studentId} is not on the ${level} list now (status ${result.status}).`);
    return { studentId: body.studentId, status: 'excluded', level, reason: body.reason };
  }

  async report(caller: Caller, campaignId: string): Promise<CampaignReportDto> {
    const campaign = await this.visible(caller, campaignId);
    const prefix = this.prefix(caller, campaign);
    const counties = new Map<string, CampaignReportCountyDto>();
    const county = (code: string) => {
      let c = counties.get(code);
      if (!c) counties.set(code, (c = { countyCode: code, assessed: 0, eligible: 0, listed: 0, approved: 0, planned: 0, alreadyPlanned: 0, excluded: 0, excludedByReason: {} }));
      return c;
    };
    for (const row of await this.campaigns.statusCounts(campaign.id, prefix)) {
      const c = county(row.county_code);
      const n = Number(row.students);
      c.assessed += n;
      if (row.status !== 'ineligible') { c.eligible += n; c.listed += n; }
      if (['approved', 'planned', 'already-planned'].includes(row.status)) c.approved += n;
      if (row.status === 'planned') c.planned += n;
      if (row.status === 'already-planned') c.alreadyPlanned += n;
      if (row.status === 'excluded') {
        c.excluded += n;
        const reason = row.exclusion_reason ?? 'unknown';
        c.excludedByReason[reason] = (c.excludedByReason[reason] ?? 0) + n;
      }
    }
    const amounts = new Map<string, CampaignReportAmountDto>();
    for (const row of await this.campaigns.amounts(campaign.id, prefix)) {
      const bases = ['eligible', ...(['approved', 'planned', 'already-planned'].includes(row.status) ? ['approved'] : []), ...(row.status === 'planned' ? ['planned'] : [])];
      for (const basis of bases) {
        const key = [row.county_code, basis, row.scheme, row.fund, row.disbursement].join('|');
        const a = amounts.get(key) ?? { countyCode: row.county_code, basis, scheme: row.scheme, fund: row.fund, disbursement: row.disbursement, students: 0, amountFen: 0 };
        a.students += Number(row.students);
        a.amountFen += Number(row.amount_fen);
        amounts.set(key, a);
      }
    }
    const list = [...counties.values()];
    const totals: CampaignReportCountyDto = { countyCode: prefix, assessed: 0, eligible: 0, listed: 0, approved: 0, planned: 0, alreadyPlanned: 0, excluded: 0, excludedByReason: {} };
    for (const c of list) {
      for (const k of ['assessed', 'eligible', 'listed', 'approved', 'planned', 'alreadyPlanned', 'excluded'] as const) totals[k] += c[k];
      for (const [reason, n] of Object.entries(c.excludedByReason)) totals.excludedByReason[reason] = (totals.excludedByReason[reason] ?? 0) + n;
    }
    return { campaignId: campaign.id, academicYear: campaign.academic_year, scopeCode: campaign.scope_code, state: campaign.state, totals, counties: list, amounts: [...amounts.values()] };
  }

  /** The report as CSV: the counties, a blank line, then the amounts (each part with its own header). */
  reportCsv(report: CampaignReportDto): string {
    const reasons = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(';');
    return (
      csvDocument(COUNTY_HEADER, report.counties.map((c) => [c.countyCode, c.assessed, c.eligible, c.listed, c.approved, c.planned, c.alreadyPlanned, c.excluded, reasons(c.excludedByReason)])) +
      '\r\n' +
      csvDocument(AMOUNT_HEADER, report.amounts.map((a) => [a.countyCode, a.basis, a.scheme, a.fund, a.disbursement, a.students, a.amountFen]))
    );
  }

  async studentTimeline(caller: Caller, studentId: string): Promise<StudentCampaignTimelineDto> {
    const place = await this.campaigns.studentPlace(studentId);
    if (!place) throw new DomainError('student.not-found', 'not-found', `No student ${studentId}.`);
    assertInScope(caller, { divisionCode: place.village_code, schoolCode: place.school_code ?? undefined }, `Student ${studentId}`);
    const { results, decisions } = await this.campaigns.studentTimeline(studentId);
    return {
      studentId,
      results: results.map((r) => ({ ...resultDto(r), campaignId: r.campaign_id, academicYear: r.academic_year })),
      entries: decisions.map((d) => ({ campaignId: d.campaign_id, academicYear: d.academic_year, at: d.at.toISOString(), level: d.level, listCode: d.list_code, action: d.action, ...(d.reason ? { reason: d.reason } : {}), actor: d.actor })),
    };
  }

  private async detail(caller: Caller, row: CampaignRow): Promise<CampaignDto> {
    const prefix = this.prefix(caller, row);
    const counties = (await this.campaigns.countyCounts(row.id, prefix)).map((c) => ({
      countyCode: c.county_code, assessed: c.assessed, eligible: c.eligible, listed: c.listed, confirmed: c.confirmed, approved: c.approved, planned: c.planned, alreadyPlanned: c.already_planned, excluded: c.excluded,
    }));
    const lists = await this.campaigns.lists(row.id, prefix);
    const count = (level: string, state: string) => lists.filter((l) => l.level === level && l.state === state).length;
    return {
      campaignId: row.id, workflowId: row.workflow_id, academicYear: row.academic_year, scopeLevel: row.scope_level, scopeCode: row.scope_code, state: row.state, startedBy: row.started_by,
      startedAt: row.started_at.toISOString(), ...(row.assessed_at ? { assessedAt: row.assessed_at.toISOString() } : {}), ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
      assessed: row.assessed, eligible: row.eligible,
      lists: { schoolOpen: count('school', 'open'), schoolDecided: count('school', 'decided'), countyOpen: count('county', 'open'), countyDecided: count('county', 'decided'), signOffOpen: count('prefecture', 'open'), signOffDecided: count('prefecture', 'decided') },
      counties,
    };
  }

  /** The campaign, if the caller's jurisdiction and its scope overlap; else 404 (none) or 403. */
  private async visible(caller: Caller, campaignId: string): Promise<CampaignRow> {
    const row = await this.campaigns.find(campaignId);
    if (!row) throw new DomainError('campaign.not-found', 'not-found', `No campaign ${campaignId}.`);
    const mine = caller.scope.level === 'school' ? caller.scope.code.slice(0, 6) : caller.scope.code;
    if (!mine.startsWith(row.scope_code) && !scopeCovers(caller.scope, { divisionCode: row.scope_code })) {
      assertInScope(caller, { divisionCode: row.scope_code }, `Campaign ${row.id}`);
    }
    return row;
  }

  /** Counties are read within the narrower of the campaign's scope and the caller's (a school's: its county). */
  private prefix(caller: Caller, campaign: CampaignRow): string {
    const mine = caller.scope.level === 'school' ? caller.scope.code.slice(0, 6) : caller.scope.level === 'township' ? caller.scope.code.slice(0, 6) : caller.scope.code;
    return mine.length > campaign.scope_code.length ? mine : campaign.scope_code;
  }
}

function listDto(l: CampaignListRow): CampaignListDto {
  return {
    level: l.level, code: l.code, countyCode: l.county_code, state: l.state, ...(l.decision ? { decision: l.decision } : {}), ...(l.decided_by ? { decidedBy: l.decided_by } : {}),
    ...(l.decided_at ? { decidedAt: l.decided_at.toISOString() } : {}), ...(l.comment ? { comment: l.comment } : {}), ...(l.kept !== null ? { kept: l.kept } : {}), ...(l.excluded !== null ? { excluded: l.excluded } : {}),
  };
}

function resultDto(r: CampaignResultRow): CampaignResultDto {
  return {
    studentId: r.student_id, countyCode: r.county_code, schoolCode: r.school_code, stage: r.stage, grade: r.grade, standardsVersion: r.standards_version, eligible: r.eligible, reasons: r.reasons, reasonCodes: r.reasons.map(reasonOf),
    lines: r.lines.map((l) => ({ scheme: l.scheme, ruleId: l.ruleId, fund: l.fund, disbursement: l.disbursement, amountFen: l.amountFen })),
    totalFen: Number(r.total_fen), cashFen: Number(r.cash_fen), needsSignOff: r.needs_sign_off, status: r.status,
    ...(r.exclusion_reason ? { exclusionReason: r.exclusion_reason } : {}), ...(r.exclusion_note ? { exclusionNote: r.exclusion_note } : {}),
    ...(r.excluded_by ? { excludedBy: r.excluded_by } : {}), ...(r.excluded_level ? { excludedLevel: r.excluded_level } : {}),
    ...(r.name ? { name: r.name } : {}), ...(r.national_id_masked ? { nationalIdMasked: r.national_id_masked } : {}),
  };
}
