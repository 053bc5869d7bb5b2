import type { GraduateLinkFacts, GraduateRegistration } from './job-assistance';
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

/**
 * National IDs in an upload are sealed to the students service before the file is stored (see
 * libs/platform's sealed box): the mentoring schema and Temporal histories see only
 * `~nid1.<last 4>.<sealed>`. The students service's public key comes from this short workflow.
 */
export const GRADUATE_SEAL_KEY_WORKFLOW = 'graduateSealKeyWorkflow';
export function graduateSealKeyWorkflowId(taskQueuePrefix: string): string {
  return `graduate-seal-key:${taskQueuePrefix}`;
}
export const SEALED_NATIONAL_ID_PREFIX = '~nid1.';
/** The context sealed national IDs of one upload are bound to. */
export function graduateImportSealContext(importId: string): string {
  return `graduate-import:${importId}`;
}

/** A national ID as the mentoring service holds it: sealed for the students service, and its mask. */
export interface SealedNationalId {
  sealed: string;
  /** `**************1234`: what row errors show. */
  masked: string;
}

/** A row whose fields are well formed, waiting for the registry's answer. */
export interface GraduateImportRow extends GraduateRegistration {
  rowNumber: number;
  /** The registry's student id, when the row gives it. */
  studentId?: string;
  /** The national ID, when the row gives it (both given: they must name the same student). */
  nationalId?: SealedNationalId;
}

export interface GraduateImportRowError {
  rowNumber: number;
  field: string;
  reason: string;
}

export interface GraduateImportChunk {
  importId: string;
  chunk: number;
  /** Present when the chunk has national IDs: who sealed them (the upload's sender key) and who uploaded. */
  sealing?: { senderKey: string; uploadedBy: string; scope: { level: string; code: string } };
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
  applyGraduateImportChunk(input: GraduateImportChunk & { facts: GraduateLinkFacts[]; byNationalId?: NationalIdLink[] }): Promise<GraduateImportCounts>;
  finishGraduateImport(input: GraduateImportResult): Promise<void>;
}

/** The registry's answer for one sealed national ID: the student's facts (no ID), or why there is none. */
export interface NationalIdLink {
  masked: string;
  /** `unreadable`: the seal did not open; `invalid`: not a valid national ID (the reason in `detail`). */
  problem?: 'unreadable' | 'invalid';
  detail?: string;
  /** Present when the ID is valid: `found: false` when no student has it. */
  facts?: GraduateLinkFacts;
}

/** The registry's answer for many students at once (queue `students`). */
export interface StudentsGraduateBatchActivities {
  readGraduateLinks(input: { studentIds: string[] }): Promise<GraduateLinkFacts[]>;
  /**
   * Opens a chunk's sealed national IDs, finds the students through the blind index, and logs each
   * valid number as a `lookup` by the uploader (once per chunk, however often retried). In the order asked.
   */
  readGraduateLinksByNationalId(input: { importId: string; chunk: number; senderKey: string; uploadedBy: string; scope: { level: string; code: string }; sealed: string[] }): Promise<NationalIdLink[]>;
  /** The public key national IDs are sealed to (base64 SPKI). */
  graduateSealKey(): Promise<{ publicKey: string }>;
}
