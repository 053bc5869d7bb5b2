import { OUTCOMES, type Outcome } from './job-assistance';

/**
 * The notes a job-assistance case writes itself on its events (a plan's cadence, a claimed outcome,
 * a team change, a missed check-in, a follow-up), in one place: the workflow writes them with these
 * producers, and `caseNoteOf` reads a stored note back as a code with its parameters, so a screen
 * can say it in the reader's language (the stored text stays as it is: recorded histories replay
 * unchanged, and old events read back the same way). Notes people write (a check-in, a refusal's
 * reason) are theirs and are shown as written.
 */
export const CASE_NOTES = {
  planAgreed: (plan: string, cadenceDays: number) => `${plan} (check-ins every ${cadenceDays} days)`,
  outcomeClaimed: (outcome: Outcome, employer?: string, note?: string) => `${outcome}${employer ? ` at ${employer}` : ''}${note ? `: ${note}` : ''}`,
  mentorsChanged: (mentorUserIds: readonly string[], leadMentorUserId: string, reason: string) => `${mentorUserIds.join(', ')} (lead ${leadMentorUserId}): ${reason}`,
  checkInMissed: (dueAt: number) => `due ${new Date(dueAt).toISOString()}`,
  followUp: (done: number, outcome: Outcome | undefined) => `follow-up ${done} after placement: still ${outcome}`,
  /** A reopening without a note of the graduate's. */
  jobLost: 'job lost within the follow-up window',
} as const;

/** A note the case wrote itself, as a code and its parameters (what `caseNoteOf` answers). */
export type CaseNote =
  | { code: 'plan-agreed'; plan: string; cadenceDays: number }
  | { code: 'outcome'; outcome: Outcome; employer?: string; note?: string }
  | { code: 'mentors-changed'; mentorUserIds: string[]; leadMentorUserId: string; reason: string }
  | { code: 'check-in-missed'; dueAt: string }
  | { code: 'follow-up'; done: number; outcome: Outcome }
  | { code: 'job-lost' };

const isOutcome = (s: string): s is Outcome => (OUTCOMES as readonly string[]).includes(s);

/**
 * Reads the note of an event of `kind` back as a code, when the case wrote it itself; undefined
 * for a note a person wrote (or one this does not recognise: it is then shown as written).
 */
export function caseNoteOf(kind: string, note: string | undefined | null): CaseNote | undefined {
  if (!note) return undefined;
  let m: RegExpMatchArray | null;
  switch (kind) {
    case 'plan-agreed':
      m = /^([\s\S]*) \(check-ins every (\d+) days\)$/.exec(note);
      return m ? { code: 'plan-agreed', plan: m[1], cadenceDays: Number(m[2]) } : undefined;
    case 'outcome-claimed':
      // The employer is what stands between " at " and the first ": " (a person's note may hold more).
      m = /^([a-z-]+)(?: at ([\s\S]*?))?(?:: ([\s\S]*))?$/.exec(note);
      return m && isOutcome(m[1]) ? { code: 'outcome', outcome: m[1], ...(m[2] ? { employer: m[2] } : {}), ...(m[3] ? { note: m[3] } : {}) } : undefined;
    case 'outcome-verified':
    case 'closed':
      return isOutcome(note) ? { code: 'outcome', outcome: note } : undefined;
    case 'mentors-changed':
      m = /^([^()]*) \(lead ([^()]*)\): ([\s\S]*)$/.exec(note);
      return m ? { code: 'mentors-changed', mentorUserIds: m[1].split(', ').filter(Boolean), leadMentorUserId: m[2], reason: m[3] } : undefined;
    case 'check-in-missed':
      m = /^due (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(note);
      return m ? { code: 'check-in-missed', dueAt: m[1] } : undefined;
    case 'follow-up':
      m = /^follow-up (\d+) after placement: still ([a-z-]+)$/.exec(note);
      return m && isOutcome(m[2]) ? { code: 'follow-up', done: Number(m[1]), outcome: m[2] } : undefined;
    case 'reopened':
      return note === CASE_NOTES.jobLost ? { code: 'job-lost' } : undefined;
    default:
      return undefined;
  }
}
