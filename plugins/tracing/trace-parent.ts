import { TraceFlags, type SpanContext } from '@opentelemetry/api';

// W3C Trace Context, version 00: version-traceid-parentid-flags, lower-case hex.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/**
 * A caller's `traceparent` as a remote span context, or undefined when it is absent or invalid (a
 * malformed one starts a new trace, as the spec asks). Future versions may append fields; version
 * ff is forbidden.
 */
export function parseTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const version = match[1] ?? 'ff';
  const traceId = match[2] ?? INVALID_TRACE_ID;
  const spanId = match[3] ?? INVALID_SPAN_ID;
  const flags = match[4] ?? '00';
  if (version === 'ff' || (version === '00' && header.trim().length !== 55)) return undefined;
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
}

/** The `traceparent` a callee continues from `context`. */
export function formatTraceparent(context: SpanContext): string {
  const flags = (context.traceFlags & TraceFlags.SAMPLED) === 0 ? '00' : '01';
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}
