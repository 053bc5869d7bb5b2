import { IsId } from '@eduaid/platform';

export class WiringCheckParamsDto {
  @IsId()
  checkId!: string;
}
