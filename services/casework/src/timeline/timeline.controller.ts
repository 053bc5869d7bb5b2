import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { TimelineDto, TimelineParamsDto } from './timeline.dto';
import { TimelineService } from './timeline.service';

@ApiTags('cases')
@Roles('caseworker', 'approver', 'supervisor', 'mentor', 'auditor', 'programme-admin')
@Controller('cases')
export class TimelineController {
  constructor(private readonly timelines: TimelineService) {}

  @Get(':subjectType/:subjectId/timeline')
  @ApiOperation({ summary: 'A case’s timeline: audit entries and workflow history, merged' })
  @ApiOkResponse({ type: TimelineDto })
  @ApiNotFoundResponse()
  timeline(@Param() params: TimelineParamsDto, @CurrentCaller() caller: Caller): Promise<TimelineDto> {
    return this.timelines.timeline(caller, params.subjectType, params.subjectId);
  }
}
