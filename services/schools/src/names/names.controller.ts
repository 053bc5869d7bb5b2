import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { NamesDto, NamesQueryDto } from './dto/names.dto';
import { NamesService } from './names.service';

@ApiTags('names')
@Controller('names')
export class NamesController {
  constructor(private readonly names: NamesService) {}

  @Get()
  @Roles('caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'Names of divisions and schools by code, wherever they are (names are public); a code nobody holds is left out' })
  @ApiOkResponse({ type: NamesDto })
  @ApiBadRequestResponse({ description: 'codes missing, more than 200, or not division or school codes' })
  list(@Query() query: NamesQueryDto, @CurrentCaller() caller: Caller): Promise<NamesDto> {
    return this.names.names(caller, query.codes);
  }
}
