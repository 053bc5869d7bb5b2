import type { DegreeLevel, GraduateLinkFacts, Intention } from './job-assistance';
import type { RosterEncoding } from '../students/roster-import';

/** A university's graduates list (CSV) registered in the real-name base: `graduate-import:<importId>`. */
export const GRADUATE_IMPORT_WORKFLOW = 'graduateImportWorkflow';
export function graduateImportWorkflowId(importId: string): string {
  return `graduate-import:${importId}`;
}

/** Rows per chunk: one read of the registry and one transaction each. */
export const GRADUATE_IMPORT_CHUNK_ROWS = 500;

export interface GraduateImportInput {
  importId: string;
  chunkRows?: number;
}

export interface GraduateImportLayout {
  encoding: RosterEncoding;
  columns: Record<string, number>;
}

export type GraduateImportInspection = { ok: true; layout: GraduateImportLayout; chunks: { offset: number; firstRow: number }[] } | { ok: false; reason: string };

/** A row whose fields are well formed, waiting for the registry's answer. */
export interface GraduateImportRow {
  rowNumber: number;
  studentId: string;
  major: string;
  degreeLevel: DegreeLevel;
  expectedGraduation: string;
  intention: Intention;
  preferredRegions: string[];
  consentToContact: boolean;
}

export interface GraduateImportRowError {
  rowNumber: number;
  field: string;
  reason: string;
}

export interface GraduateImportChunk {
  importId: string;
  chunk: number;
  read: number;
  rows: GraduateImportRow[];
  errors: GraduateImportRowError[];
}

export interface GraduateImportCounts {
  read: number;
  accepted: number;
  rejected: number;
}

export interface GraduateImportResult extends GraduateImportCounts {
  importId: string;
  status: 'completed' | 'failed';
  failure?: string;
}

/** The mentoring service's side of a graduate import (queue `mentoring`). All idempotent. */
export interface MentoringGraduateImportActivities {
  inspectGraduateImport(input: { importId: string; chunkRows: number }): Promise<GraduateImportInspection>;
  readGraduateImportChunk(input: { importId: string; chunk: number; layout: GraduateImportLayout; offset: number; firstRow: number; maxRows: number }): Promise<GraduateImportChunk>;
  /** Links the chunk's rows the registry vouches for, records the others as row errors; a chunk already applied answers its counts again. */
  applyGraduateImportChunk(input: GraduateImportChunk & { facts: GraduateLinkFacts[] }): Promise<GraduateImportCounts>;
  finishGraduateImport(input: GraduateImportResult): Promise<void>;
}

/** The registry's answer for many students at once (queue `students`). */
export interface StudentsGraduateBatchActivities {
  readGraduateLinks(input: { studentIds: string[] }): Promise<GraduateLinkFacts[]>;
}
