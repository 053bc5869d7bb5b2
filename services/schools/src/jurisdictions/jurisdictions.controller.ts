import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { BulkJurisdictionsDto, CreateJurisdictionDto, UpdateJurisdictionDto } from './dto/create-jurisdiction.dto';
import { BulkLoadResultDto, JurisdictionDto, JurisdictionListDto, JurisdictionWithAncestorsDto } from './dto/jurisdiction.dto';
import { JurisdictionParamsDto } from './dto/jurisdiction-params.dto';
import { JurisdictionsService } from './jurisdictions.service';

@ApiTags('jurisdictions')
@Controller('jurisdictions')
export class JurisdictionsController {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @Get(':code')
  @ApiOperation({ summary: 'One jurisdiction with its ancestors' })
  @ApiOkResponse({ type: JurisdictionWithAncestorsDto })
  @ApiNotFoundResponse({ description: 'No such code' })
  @ApiForbiddenResponse({ description: 'Outside the caller’s jurisdiction' })
  get(@Param() params: JurisdictionParamsDto, @CurrentCaller() caller: Caller): Promise<JurisdictionWithAncestorsDto> {
    return this.jurisdictions.get(caller, params.code);
  }

  @Get(':code/children')
  @ApiOperation({ summary: 'The divisions directly below a code, limited to the caller’s jurisdiction' })
  @ApiOkResponse({ type: JurisdictionListDto })
  children(@Param() params: JurisdictionParamsDto, @CurrentCaller() caller: Caller): Promise<JurisdictionListDto> {
    return this.jurisdictions.children(caller, params.code);
  }

  @Post()
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Register a jurisdiction under its parent' })
  @ApiCreatedResponse({ type: JurisdictionDto })
  @ApiBadRequestResponse({ description: 'Code, level or parent do not fit the tree' })
  @ApiConflictResponse({ description: 'Code already registered' })
  create(@Body() body: CreateJurisdictionDto, @CurrentCaller() caller: Caller): Promise<JurisdictionDto> {
    return this.jurisdictions.create(caller, body);
  }

  @Patch(':code')
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Rename a jurisdiction or set its registered-poor flag' })
  @ApiOkResponse({ type: JurisdictionDto })
  update(@Param() params: JurisdictionParamsDto, @Body() body: UpdateJurisdictionDto, @CurrentCaller() caller: Caller): Promise<JurisdictionDto> {
    return this.jurisdictions.update(caller, params.code, body);
  }

  @Post('bulk')
  @HttpCode(200)
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Load many jurisdictions at once; idempotent (existing codes are left as they are)' })
  @ApiOkResponse({ type: BulkLoadResultDto })
  bulkLoad(@Body() body: BulkJurisdictionsDto, @CurrentCaller() caller: Caller): Promise<BulkLoadResultDto> {
    return this.jurisdictions.bulkLoad(caller, body);
  }
}
