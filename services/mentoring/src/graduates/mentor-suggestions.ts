import type { Intention } from '@eduaid/contracts';

export interface SuggestionGraduate {
  /** Null while unknown (a graduate fed from the registry): nothing matches it. */
  intention: Intention | null;
  major: string | null;
  countyCode: string;
  preferredRegions: string[];
}

export interface SuggestionMentor {
  id: string;
  regionCode: string;
  expertise: string[];
  load: number;
  capacity: number;
  active: boolean;
}

export interface Suggestion {
  mentorId: string;
  score: number;
  matches: ('intention' | 'region' | 'major')[];
}

/** Whether a mentor's region and a place are related: one contains the other. */
const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * Mentors for a graduate, best first: only active mentors with room (load below capacity); a match
 * on intention (the mentor's expertise names it) weighs 3, region (the mentor's region contains or
 * lies in the graduate's county or a preferred region) 2, major 2; among equals the less loaded
 * mentor first (by share of capacity), then by id so the order is stable.
 */
export function suggestMentors(graduate: SuggestionGraduate, mentors: SuggestionMentor[], limit = 10): Suggestion[] {
  const major = (graduate.major ?? '').trim().toLowerCase();
  return mentors
    .filter((m) => m.active && m.load < m.capacity)
    .map((m) => {
      const expertise = m.expertise.map((e) => e.trim().toLowerCase());
      const matches: Suggestion['matches'] = [];
      if (graduate.intention && expertise.includes(graduate.intention)) matches.push('intention');
      if ([graduate.countyCode, ...graduate.preferredRegions].some((r) => related(m.regionCode, r))) matches.push('region');
      if (major && expertise.includes(major)) matches.push('major');
      const score = (matches.includes('intention') ? 3 : 0) + (matches.includes('region') ? 2 : 0) + (matches.includes('major') ? 2 : 0);
      return { mentor: m, suggestion: { mentorId: m.id, score, matches } };
    })
    .sort((a, b) => b.suggestion.score - a.suggestion.score || a.mentor.load / a.mentor.capacity - b.mentor.load / b.mentor.capacity || a.mentor.id.localeCompare(b.mentor.id))
    .slice(0, limit)
    .map((x) => x.suggestion);
}
