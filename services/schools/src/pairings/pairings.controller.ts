import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { CreatePairingDto, ListPairingsQueryDto, PairingDto, PairingListDto } from './dto/pairing.dto';
import { PairingsService } from './pairings.service';

@ApiTags('pairings')
@Controller('pairings')
export class PairingsController {
  constructor(private readonly pairings: PairingsService) {}

  @Get()
  @ApiOperation({ summary: 'University ↔ poor-county pairings (帮扶关系) in the caller’s jurisdiction' })
  @ApiOkResponse({ type: PairingListDto })
  list(@Query() query: ListPairingsQueryDto, @CurrentCaller() caller: Caller): Promise<PairingListDto> {
    return this.pairings.list(caller, query);
  }

  @Post()
  @HttpCode(200)
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Pair a university with a registered-poor county (again: moves the start year)' })
  @ApiOkResponse({ type: PairingDto })
  @ApiBadRequestResponse({ description: 'Not a university, or not a registered-poor county' })
  pair(@Body() body: CreatePairingDto, @CurrentCaller() caller: Caller): Promise<PairingDto> {
    return this.pairings.pair(caller, body);
  }
}
