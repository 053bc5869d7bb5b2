import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { AddMemberDto, ChangeHouseholdStatusDto, HouseholdDto, HouseholdParamsDto } from './dto/household.dto';
import { HouseholdsService } from './households.service';
import { STUDENT_RECORD_READERS } from '../students/student-readers';

@ApiTags('households')
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Get(':householdId')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'A registered-poor household: status with its history, members, students' })
  @ApiOkResponse({ type: HouseholdDto })
  get(@Param() params: HouseholdParamsDto, @CurrentCaller() caller: Caller): Promise<HouseholdDto> {
    return this.households.get(caller, params.householdId);
  }

  @Post(':householdId/status')
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: 'Record a status change (lifted out, returned to poverty, poor) with its date and reason' })
  @ApiCreatedResponse({ type: HouseholdDto, description: 'The change is recorded; answers the household as it now is' })
  @ApiConflictResponse({ description: 'The household already has this status' })
  changeStatus(@Param() params: HouseholdParamsDto, @Body() body: ChangeHouseholdStatusDto, @CurrentCaller() caller: Caller): Promise<HouseholdDto> {
    return this.households.changeStatus(caller, params.householdId, body);
  }

  @Post(':householdId/members')
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: 'Add a household member who is not a student (a parent, say)' })
  @ApiCreatedResponse({ type: HouseholdDto, description: 'The member is added; answers the household with its members' })
  addMember(@Param() params: HouseholdParamsDto, @Body() body: AddMemberDto, @CurrentCaller() caller: Caller): Promise<HouseholdDto> {
    return this.households.addMember(caller, params.householdId, body);
  }
}
