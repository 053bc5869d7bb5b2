import { faultsFromEnvironment } from './bank-sandbox';

/** A sandbox run on its own takes its faults from BANK_SANDBOX_FAULTS, and says what is wrong with them. */
describe('BANK_SANDBOX_FAULTS', () => {
  it('is optional: no faults', () => {
    expect(faultsFromEnvironment(undefined)).toEqual({});
    expect(faultsFromEnvironment('')).toEqual({});
  });

  it('takes known faults with usable values', () => {
    expect(faultsFromEnvironment('{"errorRate":0.05,"unansweredBatchRate":0.01,"nextBatch":["unanswered-after-paying"],"returnAfterMs":1000}')).toEqual({
      errorRate: 0.05,
      unansweredBatchRate: 0.01,
      nextBatch: ['unanswered-after-paying'],
      returnAfterMs: 1000,
    });
  });

  it('refuses what is not JSON, not an object, unknown or out of range, naming it', () => {
    expect(() => faultsFromEnvironment('errorRate=1')).toThrow('BANK_SANDBOX_FAULTS must be JSON');
    expect(() => faultsFromEnvironment('[1]')).toThrow('BANK_SANDBOX_FAULTS must be a JSON object');
    expect(() => faultsFromEnvironment('{"errorRate":1.5}')).toThrow('BANK_SANDBOX_FAULTS: errorRate must be a rate from 0 to 1');
    expect(() => faultsFromEnvironment('{"batchDelayMs":-1}')).toThrow('BANK_SANDBOX_FAULTS: batchDelayMs must be a whole number of milliseconds');
    expect(() => faultsFromEnvironment('{"next":["unanswered"]}')).toThrow('BANK_SANDBOX_FAULTS: next must be a list of error, timeout, lost-answer');
    expect(() => faultsFromEnvironment('{"stuck":true}')).toThrow('BANK_SANDBOX_FAULTS: unknown fault stuck');
  });
});
