import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { ReplayWorkerOptions, Worker } from '@temporalio/worker';
import { testEnv } from '@eduaid/testing';

const HISTORIES = path.join(__dirname, 'histories');

/**
 * Replays every recorded history in tests/replay/histories against the current workflow code: a
 * change that would break a running workflow (a non-deterministic one) fails here, in CI.
 * Record a new one with `EDUAID_RECORD_HISTORIES=1 npx jest workflows/src/aid-application`
 * (the History message as protobufjs JSON: enums by name, 64-bit numbers as strings, bytes base64).
 */
describe('recorded workflow histories replay against the current code', () => {
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays without a non-determinism error', async (file) => {
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    // eduaid's workflows derive their activity queues from their own queue's name (`<prefix>workflows`),
    // so the replay runs on the queue the history was recorded on, not the SDK's 'fake_replay_queue-N'
    // (the SDK lets options override its default queue; the type hides the field).
    const taskQueue = history.events?.[0]?.workflowExecutionStartedEventAttributes?.taskQueue?.name ?? 'workflows';
    const options = { workflowBundle: { codePath: testEnv('workflowBundle') }, taskQueue } as ReplayWorkerOptions;
    const results = [];
    for await (const result of Worker.runReplayHistories(options, [{ workflowId: file.replace(/\.json$/, ''), history }])) {
      results.push(result);
    }
    expect(results).toHaveLength(1);
    expect(results[0].error).toBeUndefined();
  });
});
