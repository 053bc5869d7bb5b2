import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { SERVICE_NOTIFICATION_KINDS, ServiceNotice, ServiceNotificationKind } from '@eduaid/contracts';

/** POST /internal/notifications (service tokens only): one notification to each user, once. */
export class ServiceNoticeDto implements ServiceNotice {
  @ApiProperty({ enum: SERVICE_NOTIFICATION_KINDS })
  @IsIn(SERVICE_NOTIFICATION_KINDS)
  kind!: ServiceNotificationKind;

  @ApiProperty({ description: 'The occasion, e.g. `job-assistance:<graduateId>:reminder:<period>`; with the kind and the user, the idempotency key', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  key!: string;

  @ApiProperty({ type: [String], description: 'Users to notify (casework or OpenID Connect subjects); a repeated id is notified once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  userIds!: string[];

  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;
}
