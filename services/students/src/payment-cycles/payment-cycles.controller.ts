import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, ProvinceWide, Roles } from '@eduaid/platform';
import { PaymentCycleControlDto, PaymentCycleDto, PaymentCycleReportDto, PaymentCycleReportQueryDto, StartPaymentCycleDto } from './dto/payment-cycle.dto';
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
  @ApiOperation({ summary: "Start the term's cycle: pay every planned payment of the term left to cycles, county by county, in bank batches" })
  @ApiAcceptedResponse({ type: PaymentCycleControlDto })
  @ApiForbiddenResponse({ description: 'auth.role-denied, or auth.province-wide-only' })
  @ApiConflictResponse({ description: 'A cycle for this term has already been started (process.already-running or payment-cycle.already-started)' })
  start(@Body() body: StartPaymentCycleDto, @CurrentCaller() caller: Caller): Promise<PaymentCycleControlDto> {
    return this.cycles.start(caller, body);
  }

  @Get(':term')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiParam(TERM)
  @ApiOperation({ summary: "A cycle's state and progress by county (within your jurisdiction): counts, rate and time left" })
  @ApiOkResponse({ type: PaymentCycleDto })
  show(@Param('term') term: string, @CurrentCaller() caller: Caller): Promise<PaymentCycleDto> {
    return this.cycles.show(caller, term);
  }

  @Get(':term/report')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiParam(TERM)
  @ApiOperation({ summary: 'When the cycle has ended: totals by county, stage, scheme, fund and status, and every failed payment (JSON, or CSV with format=csv)' })
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
