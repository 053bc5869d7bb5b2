import { RosterImportChunkEntity } from './roster-import-chunk.entity';
import { RosterImportErrorEntity } from './roster-import-error.entity';
import { RosterImportFileEntity } from './roster-import-file.entity';
import { RosterImportEntity } from './roster-import.entity';
import { SchoolDirectoryEntity } from './school-directory.entity';

/** The roster import's tables (and the school directory it keeps), for the students service's entity list. */
export const ROSTER_IMPORT_ENTITIES = [RosterImportEntity, RosterImportFileEntity, RosterImportChunkEntity, RosterImportErrorEntity, SchoolDirectoryEntity];
