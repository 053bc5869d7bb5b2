import type { SchoolDirectoryEntry } from '../schools/schools-activities';

export const ROSTER_IMPORT_WORKFLOW = 'rosterImportWorkflow';

export function rosterImportWorkflowId(importId: string): string {
  return `roster-import:${importId}`;
}

export const ROSTER_ENCODINGS = ['utf-8', 'gbk'] as const;
export type RosterEncoding = (typeof ROSTER_ENCODINGS)[number];

/** Rows per chunk: one transaction and one activity each; small enough to retry cheaply. */
export const ROSTER_CHUNK_ROWS = 10_000;

/** Chunks worked on at once: one can be parsed and sealed in Node while another is merged in PostgreSQL. */
export const ROSTER_CHUNK_CONCURRENCY = 2;

export interface RosterImportInput {
  importId: string;
  /** Lines per chunk (default ROSTER_CHUNK_ROWS). */
  chunkRows?: number;
  /** Where a continued-as-new run picks up: the first chunk not yet done, and the counts so far. */
  resume?: { nextChunk: number; read: number; accepted: number; rejected: number };
}

/** Where a chunk starts: a line boundary, and that line's number. */
export interface RosterChunkStart {
  offset: number;
  firstRow: number;
}

export interface RosterFileLayout {
  encoding: RosterEncoding;
  totalBytes: number;
  /** Byte offset of the first data row (after the header line). */
  dataOffset: number;
  /** Column positions of the header, by canonical column name. */
  columns: Record<string, number>;
}

export type RosterFileInspection = { ok: true; layout: RosterFileLayout; chunks: RosterChunkStart[] } | { ok: false; reason: string };

export interface ImportRosterChunkInput {
  importId: string;
  layout: RosterFileLayout;
  startOffset: number;
  /** 1-based line number of the first row in this chunk (the header is line 1). */
  firstRow: number;
  maxRows: number;
}

export interface RosterChunkResult {
  endOffset: number;
  nextRow: number;
  read: number;
  accepted: number;
  rejected: number;
}

export interface RosterImportResult {
  importId: string;
  status: 'completed' | 'failed';
  read: number;
  accepted: number;
  rejected: number;
  failure?: string;
}

export interface RosterImportProgress {
  bytesDone: number;
  totalBytes: number;
  read: number;
  accepted: number;
  rejected: number;
}

/** Activities of the students service for roster imports (queue `students`). */
export interface StudentsRosterActivities {
  markRosterImportStarted(input: { importId: string }): Promise<void>;
  storeSchoolDirectory(input: { schools: SchoolDirectoryEntry[] }): Promise<number>;
  inspectRosterFile(input: { importId: string; chunkRows: number }): Promise<RosterFileInspection>;
  importRosterChunk(input: ImportRosterChunkInput): Promise<RosterChunkResult>;
  finishRosterImport(input: RosterImportResult): Promise<void>;
}
