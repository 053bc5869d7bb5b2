import { WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { flushTracing, stopTracing, tracingWorkflowSinks } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { createServer, Server } from 'node:http';
import { Client as PgClient } from 'pg';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { tracedWorkflowBundleOptions } from '../../workflows/src/worker-options';
import { ALL_SERVICES } from './all-services';

/** A span as an OTLP/HTTP JSON export carries it (ids as hex, attributes as typed values). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}

const SERVER = 2;
const CLIENT = 3;

function attribute(span: OtlpSpan, key: string): string | undefined {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? String(value.intValue) : undefined);
}

/** An OTLP/HTTP receiver in this process: what a collector would get, kept in memory. */
async function startOtlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
        };
        for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

/**
 * One trace from the HTTP request to the SQL: the wiring check's POST starts a workflow (client
 * interceptor), the workflow worker runs it with the traced bundle, it schedules an activity on
 * each service's queue, each activity runs in its service's worker and writes its schema. Every
 * span is exported over OTLP/HTTP to a receiver in this process, and every log line written for the
 * request carries its request id and trace id.
 */
describe('telemetry: traces and correlated logs', () => {
  let eduaid: EduaidHarness;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let connection: NativeConnection | undefined;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const logs = new PassThrough();
    let pending = '';
    logs.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
    });
    eduaid = await startEduaid('telemetry-trace', ALL_SERVICES, {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, LOG_LEVEL: 'info' },
      workflowWorker: false,
      logDestination: logs,
    });
    // The workflow worker as main.ts starts it with EDUAID_WORKFLOW_TRACING=on and an endpoint: the
    // traced bundle and the span sink.
    const { code } = await bundleWorkflowCode({ ...tracedWorkflowBundleOptions, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
    connection = await NativeConnection.connect({ address: eduaid.env.TEMPORAL_ADDRESS });
    worker = await Worker.create({
      connection,
      namespace: eduaid.env.TEMPORAL_NAMESPACE,
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
      workflowBundle: { code },
      sinks: tracingWorkflowSinks(),
    });
    workerRun = worker.run();
  });

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await connection?.close();
    await eduaid?.close();
    await stopTracing();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('follows one request through the workflow, every activity and its SQL in one trace', async () => {
    const admin = await eduaid.authAs({ userId: 'trace-oncall' });
    const started = await eduaid.http('students').post<{ checkId: string }>('/system/wiring-checks', {}, admin);
    expect(started.status).toBe(202);
    const requestId = started.headers.get('x-request-id') as string;
    expect(requestId).toBeTruthy();
    const finished = await eventually(
      async () => (await eduaid.http('students').get<{ state: string }>(`/system/wiring-checks/${started.body.checkId}`, admin)).body,
      (status) => status.state !== 'running',
    );
    expect(finished.state).toBe('passed');

    // The request's server span, then everything in its trace once the exports have arrived.
    const root = await eventually(
      async () => {
        await flushTracing();
        return receiver.spans.find((s) => s.kind === SERVER && attribute(s, 'http.method') === 'POST' && attribute(s, 'http.target') === '/system/wiring-checks');
      },
      (span) => span !== undefined,
    );
    if (!root) throw new Error('no server span for the request');
    const traceId = root.traceId;
    const inTrace = await eventually(
      async () => {
        await flushTracing();
        return receiver.spans.filter((s) => s.traceId === traceId);
      },
      (spans) => spans.filter((s) => s.name === 'RunActivity:recordWiringCheck').length === 4 && spans.some((s) => s.name === 'RunWorkflow:wiringCheckWorkflow'),
    );
    const byId = new Map(inTrace.map((s) => [s.spanId, s]));
    const names = inTrace.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['StartWorkflow:wiringCheckWorkflow', 'RunWorkflow:wiringCheckWorkflow', 'StartActivity:recordWiringCheck', 'RunActivity:recordWiringCheck']));

    // Each service's INSERT is a span whose ancestors are: its activity, the workflow's scheduling
    // of it, the workflow run, the client's start, and the HTTP request.
    const inserts = inTrace.filter((s) => s.kind === CLIENT && attribute(s, 'db.system') === 'postgresql' && /INSERT INTO .*wiring_checks/.test(attribute(s, 'db.statement') ?? ''));
    expect(inserts.map((s) => /INSERT INTO "?(\w+)"?\./.exec(attribute(s, 'db.statement') ?? '')?.[1]).sort()).toEqual(['casework', 'mentoring', 'schools', 'students']);
    for (const insert of inserts) {
      const chain: string[] = [];
      for (let span: OtlpSpan | undefined = insert; span; span = span.parentSpanId ? byId.get(span.parentSpanId) : undefined) chain.push(span.name);
      const kinds = chain.map((name) => name.split(':')[0]);
      expect(kinds.indexOf('RunActivity')).toBeGreaterThan(0);
      expect(kinds.slice(kinds.indexOf('RunActivity'))).toEqual(['RunActivity', 'StartActivity', 'RunWorkflow', 'StartWorkflow', chain[chain.length - 1]]);
      expect(byId.get(root.spanId)).toBeDefined();
      expect(chain[chain.length - 1]).toBe(root.name);
    }
    // No values of bound parameters in the spans (they may be personal data).
    expect(inserts.every((s) => attribute(s, 'db.postgresql.values') === undefined)).toBe(true);

    // Every log line written while the request was handled names it and its trace.
    const requestLines = logLines.filter((line) => line.reqId === requestId);
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    for (const line of requestLines) expect(line).toMatchObject({ requestId, traceId });
  });

  it('leaves health probes out of the traces', async () => {
    await eduaid.http('schools').get('/health/live');
    await flushTracing();
    expect(receiver.spans.some((s) => attribute(s, 'http.target') === '/health/live')).toBe(false);
  });

  it('stops cleanly: after stopTracing nothing is patched or exported any more', async () => {
    const wrapped = (f: unknown) => Boolean((f as { __wrapped?: boolean }).__wrapped);
    expect(wrapped(Server.prototype.emit)).toBe(true);
    expect(wrapped(PgClient.prototype.query)).toBe(true);
    await flushTracing();
    await stopTracing();
    // Later suites in this process see http and pg as they were.
    expect(wrapped(Server.prototype.emit)).toBe(false);
    expect(wrapped(PgClient.prototype.query)).toBe(false);
    const before = receiver.spans.length;
    expect((await eduaid.http('schools').get('/schools')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.spans.length).toBe(before);
  });
});
