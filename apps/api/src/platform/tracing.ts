import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { WijkzorgConfig } from '@wijkzorg/application';

/**
 * OpenTelemetry tracing. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then spans go over OTLP/HTTP
 * to <endpoint>/v1/traces. Without it the API's no-op tracer is used and nothing leaves the process.
 * Returns a function that flushes and stops the exporter.
 */
export function startTracing(config: WijkzorgConfig): () => Promise<void> {
  if (!config.otlpEndpoint) return async () => undefined;
  const exporter = new OTLPTraceExporter({ url: `${config.otlpEndpoint.replace(/\/$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }), spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  return () => provider.shutdown();
}

const tracer = () => trace.getTracer('wijkzorg-api');

/** One server span per request, named by route template (never the raw URL: ids are not span names). */
export function tracingMiddleware(request: { method: string; route?: { path?: string }; baseUrl?: string }, response: { statusCode: number; on(event: 'finish', listener: () => void): void }, next: () => void): void {
  const span = tracer().startSpan(`HTTP ${request.method}`, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method } });
  response.on('finish', () => {
    const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : undefined;
    if (route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
    }
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  next();
}
