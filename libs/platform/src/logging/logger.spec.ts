import { Writable } from 'node:stream';
import { DomainError } from '../errors/domain-error';
import { temporalLoggerOver } from '../temporal/temporal-runtime';
import { createRootLogger, requestContext } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('error logging', () => {
  it('writes an error under `error` or `err` with its type, message and code, not as {}', () => {
    const out = capture();
    const logger = createRootLogger('students', 'info', out.stream);
    logger.warn({ error: new DomainError('student.not-found', 'not-found', 'No student 42.') }, 'failed');
    logger.warn({ err: new Error('plain') }, 'failed');
    const [domain, plain] = out.lines();
    expect(domain.error).toMatchObject({ type: 'DomainError', code: 'student.not-found', kind: 'not-found', message: 'No student 42.' });
    expect(plain.err).toMatchObject({ type: 'Error', message: 'plain' });
  });

  it('writes the Temporal SDK’s “Activity failed” line with the activity’s error in full', () => {
    const out = capture();
    const sdkLogger = temporalLoggerOver(createRootLogger('students', 'info', out.stream));
    sdkLogger.warn('Activity failed', { error: new DomainError('household.not-found', 'not-found', 'No household h-1.'), durationMs: 3 });
    const [line] = out.lines();
    expect(line).toMatchObject({ component: 'temporal', msg: 'Activity failed', error: { code: 'household.not-found', message: 'No household h-1.' } });
  });

  it('keeps a failed query’s bound values out of the log', () => {
    const out = capture();
    const logger = createRootLogger('students', 'info', out.stream);
    const error = Object.assign(new Error('duplicate key'), { query: 'INSERT … VALUES ($1)', parameters: ['420121201001011234'] });
    logger.error({ error }, 'failed');
    const [line] = out.lines();
    expect(line.error).toMatchObject({ message: 'duplicate key', query: 'INSERT … VALUES ($1)', parameters: '[redacted]' });
  });
});

describe('correlation', () => {
  it('puts the request id on every line written for a request, and a request logger’s id before any hook ran', async () => {
    const out = capture();
    const logger = createRootLogger('schools', 'info', out.stream);
    logger.info('outside any request');
    await requestContext.run({ requestId: 'req-7' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('after an await, still in the request');
    });
    logger.child({ reqId: 'req-8' }).info('incoming request');
    const [outside, inside, fastifyLine] = out.lines();
    expect(outside.requestId).toBeUndefined();
    expect(inside).toMatchObject({ requestId: 'req-7', msg: 'after an await, still in the request' });
    expect(fastifyLine).toMatchObject({ requestId: 'req-8', reqId: 'req-8' });
    // Tracing is off in this process: no trace fields at all (nothing is invented).
    expect(inside.traceId).toBeUndefined();
  });
});
