import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, ProvinceWide, Roles } from '@eduaid/platform';
import { GraduateFeedDto, GraduateFeedListDto, GraduateFeedParamsDto, StartGraduateFeedDto } from './dto/graduate-feed.dto';
import { GraduateFeedsService } from './graduate-feeds.service';

/** The graduate base fed from the registry: a province-wide programme admin starts a feed; supervisors, admins and auditors watch. */
@ApiTags('graduates')
@Controller('graduate-feeds')
export class GraduateFeedsController {
  constructor(private readonly feeds: GraduateFeedsService) {}

  @Post()
  @HttpCode(202)
  @Roles('programme-admin')
  @ProvinceWide()
  @ApiOperation({
    summary: 'Feed the graduate base now: every registry student in the final year of higher vocational or undergraduate study of the academic year becomes (or is updated as) a graduate',
  })
  @ApiAcceptedResponse({ type: GraduateFeedDto })
  @ApiBadRequestResponse({ description: 'request.invalid or graduate-feed.bad-academic-year: academicYear is not like 2026-2027' })
  @ApiForbiddenResponse({ description: 'auth.role-denied, or auth.province-wide-only' })
  @ApiConflictResponse({ description: 'graduate-feed.already-running: a feed has not ended yet' })
  start(@Body() body: StartGraduateFeedDto, @CurrentCaller() caller: Caller): Promise<GraduateFeedDto> {
    return this.feeds.start(body.academicYear, caller.userId);
  }

  @Get()
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'The latest feeds, newest first: state and counts' })
  @ApiOkResponse({ type: GraduateFeedListDto })
  list(): Promise<GraduateFeedListDto> {
    return this.feeds.list();
  }

  @Get(':feedId')
  @Roles('supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: "One feed's state and progress: pages done, students read, graduates created and updated" })
  @ApiOkResponse({ type: GraduateFeedDto })
  @ApiNotFoundResponse({ description: 'graduate-feed.not-found' })
  show(@Param() params: GraduateFeedParamsDto): Promise<GraduateFeedDto> {
    return this.feeds.show(params.feedId);
  }
}
