import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { createStateKey } from '../../core/pipeline/exchange-state.js';
import type { Exchange } from '../../core/pipeline/exchange.js';
import type { AttemptFinished, AttemptObserver, OutboundCall } from '../../core/pipeline/attempt-observer.js';
import type { StageObserver } from '../../core/pipeline/stage-observer.js';
import type { RequestWatcher } from '../../core/http/request-watcher.js';
import { formatTraceparent, parseTraceparent } from './trace-parent.js';

/** A traced request's spans, kept on its exchange. */
interface ExchangeTrace {
  readonly context: Context;
  /** Stage spans still open, outermost first: an upstream attempt belongs to the innermost. */
  readonly openStages: Span[];
}

const TRACE = createStateKey<ExchangeTrace>('tracing.trace');

/**
 * Span shapes: a server span per request (continuing the caller's `traceparent`), a child per
 * pipeline stage, and under the stage that calls workers a client span per upstream attempt, whose
 * context goes to the worker as `traceparent`. Attributes are ids and bounded values only: route
 * templates, statuses, model names, worker ids — never a key, a URL's query or prompt text.
 */
export interface RequestTracer {
  readonly watcher: RequestWatcher;
  readonly stageObserver: StageObserver;
}

export function createRequestTracer(tracer: Tracer): RequestTracer {
  /** A client span for a call a stage or a plugin route makes (an MCP `tools/call`), sent along as `traceparent`. */
  const startCall = (call: OutboundCall, headers: Record<string, string>, parent: Context): AttemptFinished => {
    const span = tracer.startSpan(call.name, { kind: SpanKind.CLIENT, attributes: { ...call.attributes } }, parent);
    headers['traceparent'] = formatTraceparent(span.spanContext());
    return endsWith(span);
  };

  const attemptObserver: AttemptObserver = {
    attemptStarted(x, attempt, headers) {
      const traced = x.state.get(TRACE);
      if (traced === undefined) return undefined;
      const parent = traced.openStages.at(-1);
      const span = tracer.startSpan(
        'upstream attempt',
        { kind: SpanKind.CLIENT, attributes: { 'switchyard.attempt': attempt.number, 'switchyard.worker': attempt.worker, 'gen_ai.request.model': attempt.model } },
        parent === undefined ? traced.context : trace.setSpan(traced.context, parent),
      );
      headers['traceparent'] = formatTraceparent(span.spanContext());
      return endsWith(span);
    },
    callStarted(x, call, headers) {
      const traced = x.state.get(TRACE);
      if (traced === undefined) return undefined;
      const parent = traced.openStages.at(-1);
      return startCall(call, headers, parent === undefined ? traced.context : trace.setSpan(traced.context, parent));
    },
  };

  return {
    watcher: {
      requestStarted(request) {
        const remote = parseTraceparent(request.headers['traceparent']);
        const parent = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
        const span = tracer.startSpan(
          request.method,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.path.slice(0, 1024), 'switchyard.request_id': request.requestId } },
          parent,
        );
        const context = trace.setSpan(parent, span);
        return {
          exchangeCreated(x: Exchange) {
            x.state.set(TRACE, { context, openStages: [] });
            x.attemptObserver = attemptObserver;
          },
          // A plugin route's own calls (no exchange, no stages): children of the request's span.
          callStarted: (call, headers) => startCall(call, headers, context),
          finished(outcome) {
            // Named by route template, not path: span names stay a small set a backend can group by.
            span.updateName(`${request.method} ${outcome.route}`);
            span.setAttribute('http.route', outcome.route);
            span.setAttribute('http.response.status_code', outcome.status);
            if (outcome.model !== undefined) span.setAttribute('gen_ai.request.model', outcome.model.slice(0, 256));
            if (outcome.servedModel !== undefined) span.setAttribute('gen_ai.response.model', outcome.servedModel.slice(0, 256));
            if (outcome.streamError !== undefined) span.setAttribute('switchyard.stream_error', outcome.streamError);
            // A server span fails on 5xx only: a 4xx is the client's mistake, answered correctly.
            if (outcome.status >= 500 || outcome.streamError !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          },
        };
      },
    },
    stageObserver: {
      stageStarted(x, stage) {
        const traced = x.state.get(TRACE);
        if (traced === undefined) return undefined;
        const span = tracer.startSpan(`stage ${stage}`, { kind: SpanKind.INTERNAL, attributes: { 'switchyard.stage': stage } }, traced.context);
        traced.openStages.push(span);
        return (error) => {
          const at = traced.openStages.lastIndexOf(span);
          if (at !== -1) traced.openStages.splice(at, 1);
          if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) });
          span.end();
        };
      },
    },
  };
}

/**
 * Ends a client span with what its call came to: the peer's status, the caller's word for the
 * outcome (`switchyard.call.status`: a bounded set such as `timeout` or `tool_error`), or the
 * failure's code.
 */
function endsWith(span: Span): AttemptFinished {
  return (outcome) => {
    if (outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
    if (outcome.outcome !== undefined) span.setAttribute('switchyard.call.status', outcome.outcome.slice(0, 64));
    if (outcome.error !== undefined) {
      const message = outcome.error instanceof GatewayError ? outcome.error.code : (outcome.outcome?.slice(0, 64) ?? 'error');
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    span.end();
  };
}

/** What a span says of a failure: the gateway's error code, never a message that might quote input. */
function errorCode(error: unknown): string {
  return error instanceof GatewayError ? error.code : 'error';
}
