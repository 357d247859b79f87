import { trace, type TextMapPropagator } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

/**
 * Traces (issue 15), with OpenTelemetry, off unless an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, read by the exporter as
 * the OpenTelemetry specification says; `OTEL_SDK_DISABLED=true` turns them off again). When on:
 * - every HTTP request a service serves is a server span, every call it makes a client span
 *   carrying W3C `traceparent` (instrumentation-http), so one request at the gateway is one trace
 *   through every subgraph and subgraph-to-subgraph call; Apollo Gateway adds its own spans
 *   (plan, fetch) to the same trace;
 * - every SQL statement sent within a request is a span (instrumentation-pg), with the statement's
 *   text and no parameter values (enhancedDatabaseReporting off: the values are personal data);
 * - the request id in every log line is the trace id (shared/log.ts).
 * Probes (`/health`, `/ready`) make no spans. Spans leave in batches over OTLP/HTTP (JSON).
 *
 * Must run before `http` and `pg` are first required: scripts/start.ts imports ./tracing-init first.
 * @returns whether tracing started
 */
export function startTracing(service: string): boolean {
  if (process.env.OTEL_SDK_DISABLED === "true") return false;
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? `social-activation-hub-${service}` }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The gateway is the hub's edge: it starts every trace itself and takes no client's traceparent
  // (red team: with tracing on, a client chose the request id of every log line of its request).
  provider.register(service === "gateway" ? { propagator: startsTraces } : {});
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|ready)\b/.test(request.url ?? "") }),
      // Statements outside a request (migrations at start) make no spans of their own.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  // Spans still in the batch leave before the process exits.
  const flush = () => void provider.shutdown().catch(() => undefined);
  process.once("beforeExit", flush);
  tracingProvider = provider;
  return true;
}

let tracingProvider: NodeTracerProvider | undefined;

/** W3C Trace Context for the calls a service makes, and nothing taken from the requests it serves (W3C Trace Context §3.2). */
const startsTraces: TextMapPropagator = {
  inject(context, carrier, setter) {
    const span = trace.getSpanContext(context);
    if (span && trace.isSpanContextValid(span)) setter.set(carrier, "traceparent", `00-${span.traceId}-${span.spanId}-0${(span.traceFlags & 1).toString(16)}`);
  },
  extract: (context) => context,
  fields: () => ["traceparent"],
};

/** Sends the spans still waiting in the batch (scripts/start.ts calls it when stopping). */
export const flushTracing = async (): Promise<void> => {
  await tracingProvider?.forceFlush().catch(() => undefined);
};
