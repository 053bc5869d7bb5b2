import type { SchoolKind } from '../registry/registry';

/** Largest page exportSchoolDirectory hands out: keeps one activity result far below Temporal's 2 MB payload limit. */
export const SCHOOL_DIRECTORY_MAX_PAGE = 5000;

export interface ExportSchoolDirectoryInput {
  /** Start after this school code (keyset); omit for the first page. */
  afterCode?: string;
  /** Page size, 1 to SCHOOL_DIRECTORY_MAX_PAGE. */
  limit: number;
}

export interface SchoolDirectoryEntry {
  code: string;
  kind: SchoolKind;
  countyCode: string;
  jurisdictionCode: string;
  boarding: boolean;
}

export interface SchoolDirectoryPage {
  schools: SchoolDirectoryEntry[];
  /** Pass as afterCode for the next page; absent on the last page. */
  nextAfterCode?: string;
}

/** Activities of the schools service, run by its worker on the `schools` task queue. */
export interface SchoolsActivities {
  exportSchoolDirectory(input: ExportSchoolDirectoryInput): Promise<SchoolDirectoryPage>;
}
