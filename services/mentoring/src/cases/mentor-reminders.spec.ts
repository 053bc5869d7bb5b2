import { sendOutcome } from './casework-notices.client';
import { reminderTitle } from './mentor-reminders.service';

describe('a mentor reminder sent to casework', () => {
  it('retries what a moment or a deploy fixes, and gives up only on a notice casework calls malformed', () => {
    expect([200, 201, 204].map(sendOutcome)).toEqual(['sent', 'sent', 'sent']);
    expect([400, 422].map(sendOutcome)).toEqual(['refused', 'refused']);
    // Secret not shared yet, sender not allowed yet, route not deployed yet, throttled, casework down.
    expect([401, 403, 404, 429, 500, 502, 503].map(sendOutcome)).toEqual(Array(7).fill('retry'));
  });

  it('names the graduate and the due time, within casework’s 300 characters', () => {
    expect(reminderTitle('张伟', '2026-12-01T10:00:00.000Z')).toBe('Missed check-in: 张伟, due 2026-12-01T10:00:00.000Z. Please get in touch and record the check-in.');
    expect(reminderTitle('A'.repeat(400), '2026-12-01T10:00:00.000Z')).toHaveLength(300);
  });
});
