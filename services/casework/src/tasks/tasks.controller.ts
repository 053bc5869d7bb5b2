import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { RequestId } from '../common/request-id.decorator';
import { DecideDto, DecisionResultDto, InboxQueryDto, ReassignDto, TaskCountsDto, TaskDto, TaskPageDto, TaskParamsDto, WorkloadPageDto, WorkloadQueryDto } from './dto/tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Roles('caseworker', 'approver', 'supervisor', 'mentor')
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('tasks')
  @ApiOperation({ summary: 'The inbox: my tasks, my group’s, or (supervisors) all in my jurisdiction' })
  @ApiOkResponse({ type: TaskPageDto })
  inbox(@Query() query: InboxQueryDto, @CurrentCaller() caller: Caller): Promise<TaskPageDto> {
    return this.tasks.inbox(caller, query);
  }

  @Get('tasks/counts')
  @ApiOperation({ summary: 'Counts for the inbox badges' })
  @ApiOkResponse({ type: TaskCountsDto })
  counts(@CurrentCaller() caller: Caller): Promise<TaskCountsDto> {
    return this.tasks.counts(caller);
  }

  @Get('tasks/:taskId')
  @ApiOperation({ summary: 'One task, with the data the decider needs' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse()
  get(@Param() params: TaskParamsDto, @CurrentCaller() caller: Caller): Promise<TaskDto> {
    return this.tasks.get(caller, params.taskId);
  }

  @Post('tasks/:taskId/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take an open task of your group' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'Someone else holds it, or it is decided' })
  claim(@Param() params: TaskParamsDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<TaskDto> {
    return this.tasks.claim(caller, params.taskId, requestId);
  }

  @Post('tasks/:taskId/unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task back to the group' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'You do not hold it, or it is decided' })
  unclaim(@Param() params: TaskParamsDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<TaskDto> {
    return this.tasks.unclaim(caller, params.taskId, requestId);
  }

  @Roles('supervisor')
  @Post('tasks/:taskId/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task to someone else (supervisors)' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'The task is decided or cancelled' })
  @ApiUnprocessableEntityResponse({ description: 'The new assignee may not take this task (role or jurisdiction)' })
  reassign(@Param() params: TaskParamsDto, @Body() body: ReassignDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<TaskDto> {
    return this.tasks.reassign(caller, params.taskId, body, requestId);
  }

  @Post('tasks/:taskId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide a task', description: 'Delivered to the waiting workflow as an Update. Exactly one decision per task wins; the others get 409.' })
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiForbiddenResponse({ description: 'Four eyes, role or jurisdiction' })
  @ApiConflictResponse({ description: 'Already decided, held by someone else, or refused by the process' })
  @ApiUnprocessableEntityResponse({ description: 'Four eyes: the submitter or the previous step’s decider may not decide' })
  decide(@Param() params: TaskParamsDto, @Body() body: DecideDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<DecisionResultDto> {
    return this.tasks.decide(caller, params.taskId, body, requestId);
  }

  @Roles('supervisor')
  @Get('workload')
  @ApiOperation({ summary: 'What each caseworker in my jurisdiction holds (supervisors)' })
  @ApiOkResponse({ type: WorkloadPageDto })
  workload(@Query() query: WorkloadQueryDto, @CurrentCaller() caller: Caller): Promise<WorkloadPageDto> {
    return this.tasks.workload(caller, query);
  }
}
