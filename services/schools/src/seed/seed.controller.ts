import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, ProvinceWide, Roles } from '@eduaid/platform';
import { LoadSyntheticProvinceDto, SyntheticProvinceLoadDto } from './dto/synthetic-province.dto';
import { SeedService } from './seed.service';

@ApiTags('admin')
@Roles('programme-admin')
@ProvinceWide()
@Controller('admin/synthetic-province')
export class SeedController {
  constructor(private readonly seed: SeedService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Load the deterministic synthetic province (demos, tests); idempotent' })
  @ApiOkResponse({ type: SyntheticProvinceLoadDto })
  @ApiBadRequestResponse({ description: 'fraction outside (0, 1]' })
  @ApiForbiddenResponse({ description: 'auth.province-wide-only: your scope is not the whole province' })
  load(@Body() body: LoadSyntheticProvinceDto, @CurrentCaller() caller: Caller): Promise<SyntheticProvinceLoadDto> {
    return this.seed.load(caller, body.fraction);
  }
}
