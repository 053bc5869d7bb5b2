import { CODE_LENGTH, JURISDICTION_LEVELS, JurisdictionLevel, levelOfCode } from '@eduaid/contracts';
import type { FieldError } from '@eduaid/platform';

export interface JurisdictionCandidate {
  code: string;
  level: JurisdictionLevel;
  parentCode?: string | null;
  registeredPoor?: boolean;
}

export interface ParentFacts {
  code: string;
  level: JurisdictionLevel;
}

/** Only counties (贫困县) and villages (贫困村) are registered poor in the plan. */
export const POOR_FLAG_LEVELS: readonly JurisdictionLevel[] = ['county', 'village'];

/** The level directly above, or undefined for the province. */
export function parentLevelOf(level: JurisdictionLevel): JurisdictionLevel | undefined {
  const index = JURISDICTION_LEVELS.indexOf(level);
  return index > 0 ? JURISDICTION_LEVELS[index - 1] : undefined;
}

/**
 * The tree's rules for one node, as field errors (empty when it fits): the code's length fits the
 * level, the parent exists and is exactly one level up, and the code extends the parent's code.
 * `parent` is what the registry (or the same bulk load) knows of parentCode; undefined = not found.
 */
export function jurisdictionErrors(candidate: JurisdictionCandidate, parent: ParentFacts | undefined, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const field = (name: string) => prefix + name;
  const { code, level } = candidate;
  if (levelOfCode(code) !== level) {
    errors.push({ field: field('code'), message: `a ${level} code has ${CODE_LENGTH[level]} digits; '${code}' does not fit` });
  }
  const parentLevel = parentLevelOf(level);
  const parentCode = candidate.parentCode ?? undefined;
  if (!parentLevel) {
    if (parentCode) errors.push({ field: field('parentCode'), message: 'a province has no parent' });
  } else if (!parentCode) {
    errors.push({ field: field('parentCode'), message: `a ${level} needs its ${parentLevel} as parent` });
  } else if (!parent) {
    errors.push({ field: field('parentCode'), message: `no jurisdiction ${parentCode} is registered` });
  } else {
    if (parent.level !== parentLevel) {
      errors.push({ field: field('parentCode'), message: `the parent of a ${level} must be a ${parentLevel}, but ${parentCode} is a ${parent.level}` });
    }
    if (!code.startsWith(parentCode)) {
      errors.push({ field: field('code'), message: `code ${code} must start with its parent's code ${parentCode}` });
    }
  }
  if (candidate.registeredPoor && !POOR_FLAG_LEVELS.includes(level)) {
    errors.push({ field: field('registeredPoor'), message: 'only counties and villages can be registered poor' });
  }
  return errors;
}

/** Codes of a node's ancestors, top first ('420121001' → ['42', '4201', '420121']). */
export function ancestorCodesOf(code: string): string[] {
  const level = levelOfCode(code);
  if (!level) return [];
  return JURISDICTION_LEVELS.slice(0, JURISDICTION_LEVELS.indexOf(level)).map((l) => code.slice(0, CODE_LENGTH[l]));
}
