import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ActivateAccountDto {
  @ApiProperty({ description: 'The user name the caseworker handed over with the code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'K7PM-Q4XR-2T', description: 'The activation code (dashes and case do not matter)' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{8,20}$/, { message: 'activationCode must be the code handed over, like K7PM-Q4XR-2T' })
  activationCode!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters long' })
  @MaxLength(200)
  password!: string;
}

export class ActivationCodeDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'Shown once: hand it to the graduate; a new one replaces it' }) activationCode!: string;
  @ApiProperty() expiresAt!: string;
}

export class ActivatedDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
}
