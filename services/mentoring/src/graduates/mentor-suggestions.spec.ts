import { suggestMentors, SuggestionMentor } from './mentor-suggestions';

const graduate = { intention: 'job' as const, major: '计算机科学与技术', countyCode: '420102', preferredRegions: ['4403'] };
const mentor = (id: string, over: Partial<SuggestionMentor> = {}): SuggestionMentor => ({ id, regionCode: '420102', expertise: [], load: 0, capacity: 5, active: true, ...over });

describe('suggestMentors', () => {
  it('puts intention, region and major matches first and names them', () => {
    const result = suggestMentors(graduate, [
      mentor('a', { regionCode: '3301' }),
      mentor('b', { expertise: ['job', '计算机科学与技术'] }),
      mentor('c', { regionCode: '440305', expertise: ['job'] }),
    ]);
    expect(result.map((s) => s.mentorId)).toEqual(['b', 'c', 'a']);
    expect(result[0]).toEqual({ mentorId: 'b', score: 7, matches: ['intention', 'region', 'major'] });
    expect(result[1].matches).toEqual(['intention', 'region']);
    expect(result[2]).toEqual({ mentorId: 'a', score: 0, matches: [] });
  });

  it('leaves out inactive mentors and mentors at capacity', () => {
    const result = suggestMentors(graduate, [mentor('full', { load: 5, capacity: 5 }), mentor('gone', { active: false }), mentor('room', { load: 4 })]);
    expect(result.map((s) => s.mentorId)).toEqual(['room']);
  });

  it('prefers the less loaded mentor among equal matches', () => {
    const result = suggestMentors(graduate, [mentor('busy', { load: 4, capacity: 5 }), mentor('idle', { load: 1, capacity: 5 })]);
    expect(result.map((s) => s.mentorId)).toEqual(['idle', 'busy']);
  });
});
