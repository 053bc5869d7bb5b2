import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, ProvinceWide, Roles } from '@eduaid/platform';
import { PaymentCycleControlDto, PaymentCycleDto, PaymentCycleReportDto, PaymentCycleReportQueryDto, PaymentCycleRunParamsDto, PaymentCycleRunsDto, StartPaymentCycleDto } from './dto/payment-cycle.dto';
import { PaymentCyclesService } from './payment-cycles.service';

const TERM = { name: 'term', example: '2026-2027:S1', description: 'An academic year and a semester' };

/** Semester payment cycles: a province-wide programme admin starts and steers them; supervisors, admins and auditors watch. */
@ApiTags('payments')
@ApiBadRequestResponse({ description: 'payment-cycle.bad-term: the term is not like 2026-2027:S1' })
@ApiNotFoundResponse({ description: 'payment-cycle.not-found: no cycle has been started for the term' })
@Controller('payment-cycles')
export class PaymentCyclesController {
  constructor(private readonly cycles: PaymentCyclesService) {}

  @Post()
  @HttpCode(202)
  @Roles('programme-admin')
  @ProvinceWide()
  @ApiOperation({
    summary: "Start the term's next run: pay every payment due by the term (planned, left to cycles, of this semester or an earlier one) and what earlier runs left unpaid, county by county, in bank batches",
  })
  @ApiAcceptedResponse({ type: PaymentCycleControlDto })
  @ApiForbiddenResponse({ description: 'auth.role-denied, or auth.province-wide-only' })
  @ApiConflictResponse({ description: 'payment-cycle.already-running: a run of this term has not ended yet' })
  start(@Body() body: StartPaymentCycleDto, @CurrentCaller() caller: Caller): Promise<PaymentCycleControlDto> {
    return this.cycles.start(caller, body);
  }

  @Get(':term')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiParam(TERM)
  @ApiOperation({ summary: "The term's latest run: state and progress by county (within your jurisdiction): counts, rate and time left" })
  @ApiOkResponse({ type: PaymentCycleDto })
  show(@Param('term') term: string, @CurrentCaller() caller: Caller): Promise<PaymentCycleDto> {
    return this.cycles.show(caller, term);
  }

  @Get(':term/runs')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiParam(TERM)
  @ApiOperation({ summary: "Every run of the term, first to last: state and totals (within your jurisdiction)" })
  @ApiOkResponse({ type: PaymentCycleRunsDto })
  runs(@Param('term') term: string, @CurrentCaller() caller: Caller): Promise<PaymentCycleRunsDto> {
    return this.cycles.runs(caller, term);
  }

  @Get(':term/runs/:run')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: "One run's state and progress by county (within your jurisdiction)" })
  @ApiOkResponse({ type: PaymentCycleDto })
  @ApiBadRequestResponse({ description: 'validation.failed: run is not a whole number from 1' })
  run(@Param() params: PaymentCycleRunParamsDto, @CurrentCaller() caller: Caller): Promise<PaymentCycleDto> {
    return this.cycles.show(caller, params.term, params.run);
  }

  @Get(':term/runs/:run/report')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: "One run's report once it has ended (JSON, or CSV with format=csv)" })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PaymentCycleReportDto })
  @ApiConflictResponse({ description: 'payment-cycle.not-finished' })
  async runReport(
    @Param() params: PaymentCycleRunParamsDto,
    @Query() query: PaymentCycleReportQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentCycleReportDto | string> {
    const report = await this.cycles.report(caller, params.term, params.run);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="payment-cycle-${report.term.replace(':', '-')}-run-${report.run}.csv"`);
    return this.cycles.reportCsv(report);
  }

  @Get(':term/report')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiParam(TERM)
  @ApiOperation({ summary: "When the term's latest run has ended: totals by county, stage, scheme, fund and status, and every failed or returned payment (JSON, or CSV with format=csv)" })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PaymentCycleReportDto })
  @ApiConflictResponse({ description: 'payment-cycle.not-finished' })
  async report(
    @Param('term') term: string,
    @Query() query: PaymentCycleReportQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentCycleReportDto | string> {
    const report = await this.cycles.report(caller, term);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="payment-cycle-${term.replace(':', '-')}.csv"`);
    return this.cycles.reportCsv(report);
  }

  @Post(':term/pause')
  @HttpCode(200)
  @Roles('programme-admin')
  @ProvinceWide()
  @ApiParam(TERM)
  @ApiOperation({ summary: 'Pause the cycle: batches already at the bank finish, no new one starts' })
  @ApiOkResponse({ type: PaymentCycleControlDto })
  @ApiConflictResponse({ description: 'payment-cycle.finished, or payment-cycle.not-now (e.g. already paused)' })
  pause(@Param('term') term: string, @CurrentCaller() caller: Caller): Promise<PaymentCycleControlDto> {
    return this.cycles.control(caller, term, 'pause');
  }

  @Post(':term/resume')
  @HttpCode(200)
  @Roles('programme-admin')
  @ProvinceWide()
  @ApiParam(TERM)
  @ApiOperation({ summary: 'Resume a paused cycle' })
  @ApiOkResponse({ type: PaymentCycleControlDto })
  @ApiConflictResponse({ description: 'payment-cycle.finished, or payment-cycle.not-now (not paused)' })
  resume(@Param('term') term: string, @CurrentCaller() caller: Caller): Promise<PaymentCycleControlDto> {
    return this.cycles.control(caller, term, 'resume');
  }

  @Post(':term/cancel')
  @HttpCode(200)
  @Roles('programme-admin')
  @ProvinceWide()
  @ApiParam(TERM)
  @ApiOperation({ summary: 'Cancel the cycle at the next batch boundary: payments not sent stay planned' })
  @ApiOkResponse({ type: PaymentCycleControlDto })
  @ApiConflictResponse({ description: 'payment-cycle.finished: the cycle has ended' })
  cancel(@Param('term') term: string, @CurrentCaller() caller: Caller): Promise<PaymentCycleControlDto> {
    return this.cycles.control(caller, term, 'cancel');
  }
}
