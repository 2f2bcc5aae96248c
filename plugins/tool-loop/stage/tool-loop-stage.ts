import type { Logger } from 'pino';
import { grantOf } from '../../../core/auth/grants.js';
import type { Exchange, JsonObject } from '../../../core/pipeline/exchange.js';
import type { Stage } from '../../../core/pipeline/stage-contract.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import { countOf, recordOf, recordsOf, stringOr } from '../../../core/util/narrow-json.js';
import type { McpServerRegistry } from '../mcp/mcp-server-registry.js';
import { allowsTool, MCP_TOOLS_GRANT } from '../mcp-tools-grant.js';
import type { ToolLoopConfig } from '../tool-loop-config.generated.js';
import { buildToolCatalogue, splitRequestTools, type McpToolSource, type ToolCatalogue } from './mcp-tool-catalogue.js';
import { callWatcherOf, runToolCalls, type ModelToolCall } from './run-tool-calls.js';
import { lastUserText, selectTools } from './select-tools.js';
import { runStreamLoop } from './stream-loop.js';
import type { ToolCallMetrics } from './tool-call-metrics.js';
import { releaseUpstreamTurn } from '../../upstream/stage/upstream-stage.js';

export interface ToolLoopServices {
  readonly registry: McpServerRegistry;
  readonly metrics: ToolCallMetrics;
  readonly logger: Logger;
}

type StopReason = 'answered' | 'client_tools' | 'max_iterations' | 'deadline';

/**
 * The tool loop: offers the MCP tools a request names (its `{type: "mcp"}` tools, and the route's
 * `servers`) to the model as functions, runs the model's calls to them on their servers, appends
 * the results and asks the model again — up to `max_iterations` turns. The client gets the last
 * turn's answer with `usage` summed over every turn. Requests naming no MCP tool pass untouched.
 */
export function createToolLoopStage(config: ToolLoopConfig, services: ToolLoopServices): Stage {
  const routeSources: McpToolSource[] = config.servers.map((s) => ({ serverId: s.server_id, allowedTools: s.allowed_tools }));
  return {
    async handle(x, next) {
      const { sources, clientTools } = splitRequestTools(x.request.body['tools']);
      const all = [...routeSources, ...sources];
      if (all.length === 0) return next();
      const held = grantOf(x.principal.grants, MCP_TOOLS_GRANT);
      const offered = buildToolCatalogue(all, clientTools, services.registry, (server, tool) => allowsTool(held, server, tool));
      const original = x.request.body;
      const catalogue = config.max_tools === undefined ? offered : selectTools(offered, lastUserText(original['messages']), config.max_tools);
      const selected = { 'x-tools-selected': String(catalogue.functions.size) };
      if (x.request.stream) await runStreamLoop(x, next, catalogue, config, services, (messages) => withTools(original, catalogue.tools, messages));
      else await runLoop(x, next, catalogue, config, services);
      if (x.response !== undefined) Object.assign(x.response.headers, selected);
    },
  };
}

async function runLoop(x: Exchange, next: () => Promise<void>, catalogue: ToolCatalogue, config: ToolLoopConfig, services: ToolLoopServices): Promise<void> {
  const deadline = AbortSignal.timeout(config.loop_timeout_ms);
  const signal = AbortSignal.any([x.signal, deadline]);
  const original = x.request.body;
  const given: unknown = original['messages'];
  const messages: unknown[] = Array.isArray(given) ? given.map((m: unknown) => m) : [];
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, seen: false };
  for (let turn = 1; ; turn++) {
    x.request.body = withTools(original, catalogue.tools, messages);
    x.response = undefined;
    await next();
    const response = responseOf(x);
    // Errors (and anything not a chat completion) reach the client as the model's stage made them.
    if (response === undefined || response.kind !== 'json' || response.status !== 200 || !isJsonObject(response.body)) return;
    const body = response.body;
    addUsage(usage, body['usage']);
    const message = recordOf(recordsOf(body['choices'])[0]?.['message']);
    const calls = toolCallsOf(message['tool_calls']);
    const mcpCalls = calls.filter((call) => catalogue.functions.has(call.name));
    const reason: StopReason | undefined =
      mcpCalls.length === 0 ? 'answered' : mcpCalls.length < calls.length ? 'client_tools' : turn >= config.max_iterations ? 'max_iterations' : deadline.aborted ? 'deadline' : undefined;
    if (reason !== undefined) {
      response.body = finalBody(body, catalogue, usage);
      response.headers['x-tool-loop-turns'] = String(turn);
      if (reason === 'max_iterations' || reason === 'deadline') response.headers['x-tool-loop-stopped'] = reason;
      return;
    }
    // The turn's JSON is read: its worker slot is free for the next turn (and for others) now.
    releaseUpstreamTurn(x);
    const results = await runToolCalls(mcpCalls, catalogue.functions, { timeoutMs: config.tool_timeout_ms, maxOutputChars: config.max_output_chars, signal }, { logger: services.logger, metrics: services.metrics, requestId: x.requestId, watchCall: callWatcherOf(x) });
    messages.push({ role: 'assistant', content: message['content'] ?? null, tool_calls: recordsOf(message['tool_calls']) }, ...results);
  }
}

/** What the turn produced (a call, so the compiler does not keep the `undefined` set before next()). */
function responseOf(x: Exchange): Exchange['response'] {
  return x.response;
}

/** The request for the next turn: the MCP functions offered, the conversation so far. */
function withTools(original: JsonObject, tools: readonly unknown[], messages: readonly unknown[]): JsonObject {
  const { tools: _mcp, ...rest } = original;
  // Only MCP tools and none left (all refused or filtered): the model gets no tools at all.
  if (tools.length === 0) {
    const { tool_choice: _choice, parallel_tool_calls: _parallel, ...bare } = rest;
    return { ...bare, messages: [...messages] };
  }
  return { ...rest, tools: [...tools], messages: [...messages] };
}

function toolCallsOf(value: unknown): ModelToolCall[] {
  return recordsOf(value).map((call) => {
    const fn = recordOf(call['function']);
    return { id: stringOr(call['id']), name: stringOr(fn['name']), arguments: stringOr(fn['arguments']) };
  });
}

function addUsage(total: { prompt_tokens: number; completion_tokens: number; total_tokens: number; seen: boolean }, value: unknown): void {
  if (!isJsonObject(value)) return;
  total.seen = true;
  total.prompt_tokens += countOf(value['prompt_tokens']);
  total.completion_tokens += countOf(value['completion_tokens']);
  total.total_tokens += countOf(value['total_tokens']);
}

/**
 * The last turn as the client sees it: calls to MCP functions removed (the client never defined
 * them; a model still calling them when the loop stopped has its calls dropped, and
 * `x-tool-loop-stopped` says why), and `usage` the sum of every turn.
 */
function finalBody(body: Readonly<Record<string, unknown>>, catalogue: ToolCatalogue, usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; seen: boolean }): JsonObject {
  const choices = recordsOf(body['choices']).map((choice) => {
    const message = recordOf(choice['message']);
    if (!Array.isArray(message['tool_calls'])) return choice;
    const kept = recordsOf(message['tool_calls']).filter((call) => !catalogue.functions.has(stringOr(recordOf(call['function'])['name'])));
    if (kept.length > 0) return { ...choice, message: { ...message, tool_calls: kept } };
    const { tool_calls: _dropped, ...rest } = message;
    return { ...choice, message: rest, finish_reason: choice['finish_reason'] === 'tool_calls' ? 'stop' : choice['finish_reason'] };
  });
  const { seen, ...sums } = usage;
  return { ...body, choices, ...(seen ? { usage: { ...recordOf(body['usage']), ...sums } } : {}) };
}
