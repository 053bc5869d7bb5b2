import { IsId } from '@eduaid/platform';

export class RosterImportParamsDto {
  @IsId()
  importId!: string;
}
