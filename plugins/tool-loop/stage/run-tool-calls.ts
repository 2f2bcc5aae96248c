import { performance } from 'node:perf_hooks';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { AttemptFinished, OutboundCall } from '../../../core/pipeline/attempt-observer.js';
import type { Exchange } from '../../../core/pipeline/exchange.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import type { McpFunction } from './mcp-tool-catalogue.js';
import type { ToolCallMetrics, ToolCallStatus } from './tool-call-metrics.js';

/** One `tool_calls` entry of a model's answer, narrowed. */
export interface ModelToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as the model wrote them (JSON text). */
  readonly arguments: string;
}

export interface ToolRunLimits {
  readonly timeoutMs: number;
  readonly maxOutputChars: number;
  /** The loop's deadline and the client's presence. */
  readonly signal: AbortSignal;
}

export interface ToolRunDeps {
  readonly logger: Logger;
  readonly metrics: ToolCallMetrics;
  readonly requestId: string;
  /** Watches each call (a tracer's span) and fills the headers that go with it (`traceparent`). */
  readonly watchCall: ((call: OutboundCall, headers: Record<string, string>) => AttemptFinished | undefined) | undefined;
}

/** The request's watcher of outbound calls (its tracer), when one watches it. */
export function callWatcherOf(x: Exchange): ToolRunDeps['watchCall'] {
  const observer = x.attemptObserver;
  if (observer?.callStarted === undefined) return undefined;
  return (call, headers) => observer.callStarted?.(x, call, headers);
}

/** A `role: "tool"` message answering one call. */
export interface ToolMessage {
  readonly role: 'tool';
  readonly tool_call_id: string;
  readonly content: string;
}

/**
 * Runs the model's calls to MCP tools, all at once, and answers each with a tool message. Nothing
 * here fails the request: a timeout, a tool error or broken arguments become the tool's result, so
 * the model can recover. Every call is logged and counted (server, tool, duration, status), never
 * its arguments or result.
 */
export function runToolCalls(calls: readonly ModelToolCall[], functions: ReadonlyMap<string, McpFunction>, limits: ToolRunLimits, deps: ToolRunDeps): Promise<ToolMessage[]> {
  return Promise.all(
    calls.map(async (call) => {
      const fn = functions.get(call.name);
      if (fn === undefined) return { role: 'tool', tool_call_id: call.id, content: `Error: no tool named "${call.name}".` } as const;
      const server = fn.connection.registration.server_id;
      const headers: Record<string, string> = {};
      // OpenTelemetry's MCP conventions: `<method> <tool>`, the server by its id (never its URL).
      const finished = deps.watchCall?.({ name: `tools/call ${fn.tool.name}`, attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': fn.tool.name, 'switchyard.mcp_server': server } }, headers);
      const started = performance.now();
      const { status, text } = await runOne(call, fn, limits, headers);
      const seconds = (performance.now() - started) / 1000;
      finished?.({ status: undefined, error: status === 'ok' ? undefined : status, outcome: status });
      deps.metrics.record(server, fn.tool.name, status, seconds);
      deps.logger.info({ request_id: deps.requestId, mcp_server: server, tool: fn.tool.name, duration_ms: Math.round(seconds * 1000), status }, 'MCP tool call');
      return { role: 'tool', tool_call_id: call.id, content: capped(text, limits.maxOutputChars) } as const;
    }),
  );
}

async function runOne(call: ModelToolCall, fn: McpFunction, limits: ToolRunLimits, headers: Readonly<Record<string, string>>): Promise<{ status: ToolCallStatus; text: string }> {
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    return { status: 'invalid_arguments', text: `Error: the arguments for ${call.name} are not valid JSON; send a JSON object.` };
  }
  if (!isJsonObject(args)) return { status: 'invalid_arguments', text: `Error: the arguments for ${call.name} must be a JSON object.` };
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  try {
    const result = await fn.connection.callTool(fn.tool.name, args, { timeoutMs: limits.timeoutMs, signal: AbortSignal.any([limits.signal, timeout]), headers });
    const text = textOf(result);
    return result.isError === true ? { status: 'tool_error', text: `Error: ${text}` } : { status: 'ok', text };
  } catch (err) {
    if (timeout.aborted) return { status: 'timeout', text: `Error: the tool ${fn.tool.name} did not answer within ${limits.timeoutMs} ms.` };
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'failed', text: `Error: the tool ${fn.tool.name} failed: ${message.slice(0, 500)}` };
  }
}

/** Text parts as they are; other parts (images, resources) as a short JSON note of what they were. */
function textOf(result: CallToolResult): string {
  const parts = result.content.map((part) => (part.type === 'text' ? part.text : JSON.stringify({ type: part.type, ...('mimeType' in part ? { mimeType: part.mimeType } : {}) })));
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.join('\n');
}

function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[truncated by the gateway: the tool's output had ${text.length} characters; the first ${max} are shown]`;
}
