import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@eduaid/platform';
import { KeyRotationStatusDto, StartKeyRotationDto } from './dto/key-rotation.dto';
import { KeyRotationService } from './key-rotation.service';

@ApiTags('privacy')
@Roles('programme-admin')
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
  start(@Body() body: StartKeyRotationDto): Promise<KeyRotationStatusDto> {
    return this.rotation.start(body.batchSize ?? 2000);
  }

  @Get()
  @ApiOperation({ summary: 'The rotation to the current key, and national IDs per key version' })
  @ApiOkResponse({ type: KeyRotationStatusDto })
  status(): Promise<KeyRotationStatusDto> {
    return this.rotation.status();
  }
}
