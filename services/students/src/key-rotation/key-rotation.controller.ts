import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, ProvinceWide, Roles } from '@eduaid/platform';
import { KeyRotationStatusDto, StartKeyRotationDto } from './dto/key-rotation.dto';
import { KeyRotationService } from './key-rotation.service';

@ApiTags('privacy')
/** A province-wide job: only a programme admin whose scope is the whole province may start or watch it. */
@Roles('programme-admin')
@ProvinceWide()
@ApiForbiddenResponse({ description: 'auth.role-denied, or auth.province-wide-only: your scope is not the whole province' })
@Controller('admin/key-rotation')
export class KeyRotationController {
  constructor(private readonly rotation: KeyRotationService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-encrypt every national ID under the current data key, in the background',
    description: 'Deploy the new key as current (keeping the old ones) first; reads keep working throughout.',
  })
  @ApiAcceptedResponse({ type: KeyRotationStatusDto })
  @ApiConflictResponse({ description: 'A rotation to this key has already been started' })
  start(@Body() body: StartKeyRotationDto, @CurrentCaller() caller: Caller): Promise<KeyRotationStatusDto> {
    return this.rotation.start(caller, body.batchSize ?? 2000);
  }

  @Get()
  @ApiOperation({ summary: 'The rotation to the current key, and national IDs per key version' })
  @ApiOkResponse({ type: KeyRotationStatusDto })
  status(): Promise<KeyRotationStatusDto> {
    return this.rotation.status();
  }
}
