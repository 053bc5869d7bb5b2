import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { SchoolDto, SchoolPageDto } from './dto/school.dto';
import { CreateSchoolDto, ListSchoolsQueryDto, SchoolParamsDto, UpdateSchoolDto } from './dto/school-requests.dto';
import { SchoolsService } from './schools.service';

@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @Get()
  @ApiOperation({ summary: 'Schools in the caller’s jurisdiction, filtered, in code order, one keyset page at a time' })
  @ApiOkResponse({ type: SchoolPageDto })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is malformed' })
  list(@Query() query: ListSchoolsQueryDto, @CurrentCaller() caller: Caller): Promise<SchoolPageDto> {
    return this.schools.list(caller, query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One school' })
  @ApiOkResponse({ type: SchoolDto })
  @ApiNotFoundResponse({ description: 'No such school' })
  @ApiForbiddenResponse({ description: 'Outside the caller’s jurisdiction' })
  get(@Param() params: SchoolParamsDto, @CurrentCaller() caller: Caller): Promise<SchoolDto> {
    return this.schools.get(caller, params.code);
  }

  @Post()
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Register a school' })
  @ApiCreatedResponse({ type: SchoolDto })
  @ApiConflictResponse({ description: 'Code already registered' })
  create(@Body() body: CreateSchoolDto, @CurrentCaller() caller: Caller): Promise<SchoolDto> {
    return this.schools.create(caller, body);
  }

  @Patch(':code')
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Change a school’s name, kind, place (within its county) or boarding flag' })
  @ApiOkResponse({ type: SchoolDto })
  update(@Param() params: SchoolParamsDto, @Body() body: UpdateSchoolDto, @CurrentCaller() caller: Caller): Promise<SchoolDto> {
    return this.schools.update(caller, params.code, body);
  }
}
