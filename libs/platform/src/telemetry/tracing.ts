import { context, propagation, trace, Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import http from 'node:http';
import https from 'node:https';
import pg from 'pg';

/**
 * Tracing of one process: spans from the HTTP request (server and client) through the Temporal
 * client, the workflow (its spans travel through the workflow worker's sink) and each activity, down
 * to each SQL statement, exported over OTLP/HTTP (JSON) to `OTEL_EXPORTER_OTLP_ENDPOINT`.
 *
 * Off unless an endpoint is configured: then nothing is patched, no provider is registered, the
 * Temporal interceptors are not added and the workflow worker loads the bundle without them.
 * One provider per process (the tests run several services in one process: the first start wins).
 */
export interface TracingSettings {
  /** Base URL of an OTLP/HTTP receiver; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** `service.name` of the spans (OTEL_SERVICE_NAME, or `eduaid-<service>`). */
  serviceName: string;
  /** Extra span processors (tests); the OTLP exporter is always there. */
  extraProcessors?: SpanProcessor[];
}

interface ProcessTracing {
  provider: NodeTracerProvider;
  instrumentations: InstrumentationBase[];
  unpatch: (() => void)[];
  processor: SpanProcessor;
  resource: Resource;
  tracer: Tracer;
}

let active: ProcessTracing | undefined;

/**
 * Patches the modules this process has already loaded (and registers the usual require hooks for
 * later ones): `http`/`https` (incoming requests become server spans, outgoing ones client spans)
 * and `pg` (a span per query, its SQL text without the bound values). Patching what is loaded
 * matters because the platform imports `pg` before any service code could start the SDK.
 */
function instrument(instrumentation: InstrumentationBase, loaded: Record<string, unknown>, provider: NodeTracerProvider): (() => void)[] {
  instrumentation.setTracerProvider(provider);
  const unpatch: (() => void)[] = [];
  for (const definition of instrumentation.getModuleDefinitions()) {
    const exports = loaded[definition.name];
    if (exports && definition.patch) {
      definition.patch(exports);
      if (definition.unpatch) unpatch.push(() => definition.unpatch?.(exports));
    }
  }
  return unpatch;
}

/** Starts tracing for this process if it is not already on; returns what the Temporal parts need. */
export function startTracing(settings: TracingSettings): ProcessTracing {
  if (active) return active;
  const resource = new Resource({ 'service.name': settings.serviceName });
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces` }), {
    scheduledDelayMillis: 1000,
  });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor, ...(settings.extraProcessors ?? [])] });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  const ignoreProbes = (request: { url?: string }) => /^\/(health|metrics)\b/.test(request.url ?? '');
  const httpInstrumentation = new HttpInstrumentation({ ignoreIncomingRequestHook: ignoreProbes });
  const pgInstrumentation = new PgInstrumentation({ enhancedDatabaseReporting: false });
  const unpatch = [...instrument(httpInstrumentation, { http, https }, provider), ...instrument(pgInstrumentation, { pg }, provider)];
  active = { provider, instrumentations: [httpInstrumentation, pgInstrumentation], unpatch, processor, resource, tracer: provider.getTracer('eduaid') };
  return active;
}

/** Whether this process traces (an endpoint was configured at start). */
export function tracingActive(): boolean {
  return active !== undefined;
}

/**
 * Sends what is buffered, then undoes everything startTracing did (patches, require hooks, the
 * global provider): at a process's end, and after a test, so later suites in the process run untraced.
 */
export async function stopTracing(): Promise<void> {
  const tracing = active;
  if (!tracing) return;
  active = undefined;
  for (const undo of tracing.unpatch) undo();
  for (const instrumentation of tracing.instrumentations) instrumentation.disable();
  await tracing.provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Sends every finished span now (before a scrape in tests, and on shutdown). */
export async function flushTracing(): Promise<void> {
  await active?.provider.forceFlush();
}

/** The Temporal client's interceptors: a StartWorkflow/SignalWorkflow/… span whose context goes in the headers. */
export function tracingClientInterceptors(): OpenTelemetryWorkflowClientInterceptor[] {
  return active ? [new OpenTelemetryWorkflowClientInterceptor({ tracer: active.tracer })] : [];
}

/** An activity worker's interceptors: each activity runs in a RunActivity span, child of the workflow's. */
export function tracingActivityInterceptors(): ActivityInterceptorsFactory[] {
  const tracing = active;
  if (!tracing) return [];
  return [
    (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
  ];
}

/**
 * The workflow worker's `exporter` sink, which the traced bundle's interceptors call with the spans
 * made inside workflows: exported when tracing is on, dropped when it is off (the traced bundle
 * then still runs unchanged, so the export can be turned on and off freely).
 */
export function tracingWorkflowSinks(): NonNullable<WorkerOptions['sinks']> {
  if (active) return { exporter: makeWorkflowExporter(active.processor, active.resource) };
  return { exporter: { export: { fn: () => undefined } } };
}

/** The trace and span id of the current context, for log lines. */
export function currentTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
