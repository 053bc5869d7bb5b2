import { ApplicationFailure } from '@temporalio/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { permanentFailureOf } from './activity-failures';

function pgError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

describe('which activity failures are permanent', () => {
  it('a domain error of any kind but unavailable: non-retryable, typed by its code, with its message', () => {
    const failure = permanentFailureOf(new DomainError('student.not-found', 'not-found', 'No student 42.'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'student.not-found', message: 'No student 42.' });
    expect(permanentFailureOf(new DomainError('payments.bank-unconfigured', 'unavailable', 'no bank'))).toBeUndefined();
  });

  it('PostgreSQL refusing the data (class 22) or a constraint (class 23), raw or through TypeORM', () => {
    const nul = pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
    expect(permanentFailureOf(nul)).toMatchObject({ nonRetryable: true, type: 'PostgresDataError', message: expect.stringContaining('SQLSTATE 22021') });
    const viaOrm = new QueryFailedError('INSERT …', [], pgError('23502', 'null value in column "name" violates not-null constraint'));
    expect(permanentFailureOf(viaOrm)).toMatchObject({ nonRetryable: true, type: 'PostgresConstraintViolation', message: expect.stringContaining('not-null') });
  });

  it('leaves transient failures to the retry policy: deadlocks, lost connections, plain errors, failures the activity chose', () => {
    expect(permanentFailureOf(pgError('40P01', 'deadlock detected'))).toBeUndefined();
    // A unique violation in an idempotent activity is a race with its own earlier attempt.
    expect(permanentFailureOf(new QueryFailedError('INSERT …', [], pgError('23505', 'duplicate key value violates unique constraint')))).toBeUndefined();
    expect(permanentFailureOf(pgError('57P01', 'terminating connection due to administrator command'))).toBeUndefined();
    expect(permanentFailureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(permanentFailureOf(new Error('the bank did not answer'))).toBeUndefined();
    expect(permanentFailureOf(ApplicationFailure.retryable('try later', 'Busy'))).toBeUndefined();
  });
});
