import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StartWiringCheckDto } from './dto/start-wiring-check.dto';
import { WiringCheckParamsDto } from './dto/wiring-check-params.dto';
import { WiringCheckStatusDto } from './dto/wiring-check-status.dto';
import { WiringCheckService } from './wiring-check.service';

@ApiTags('system')
@Roles('programme-admin')
@Controller('system/wiring-checks')
export class WiringCheckController {
  constructor(private readonly wiringChecks: WiringCheckService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Check that every service’s worker and database answer',
    description: 'Starts a workflow that runs one activity in each service’s worker; each writes a row to its own schema.',
  })
  @ApiAcceptedResponse({ type: WiringCheckStatusDto })
  start(@Body() body: StartWiringCheckDto, @CurrentCaller() caller: Caller): Promise<WiringCheckStatusDto> {
    return this.wiringChecks.start(body.note ? `${caller.userId}: ${body.note}` : caller.userId);
  }

  @Get(':checkId')
  @ApiOperation({ summary: 'Result of a wiring check, per service' })
  @ApiOkResponse({ type: WiringCheckStatusDto })
  @ApiNotFoundResponse({ description: 'No such check' })
  status(@Param() params: WiringCheckParamsDto): Promise<WiringCheckStatusDto> {
    return this.wiringChecks.status(params.checkId);
  }
}
