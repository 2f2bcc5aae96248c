import { PassThrough, type Readable } from 'node:stream';
import { toOpenAiErrorBody } from '../../../core/errors/openai-error-body.js';
import type { Exchange, ExchangeResponse, JsonObject } from '../../../core/pipeline/exchange.js';
import { encodeSseComment, encodeSseEvent } from '../../../core/streams/encode-sse-event.js';
import { countOf, recordOf } from '../../../core/util/narrow-json.js';
import type { ToolLoopConfig } from '../tool-loop-config.generated.js';
import type { ToolCatalogue } from './mcp-tool-catalogue.js';
import { flush, relayStreamTurn, type StreamTurn } from './relay-stream-turn.js';
import { callWatcherOf, runToolCalls } from './run-tool-calls.js';
import type { ToolLoopServices } from './tool-loop-stage.js';
import { releaseUpstreamTurn } from '../../upstream/stage/upstream-stage.js';

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

/**
 * The tool loop for `stream: true`. The stage returns as soon as the first turn's stream exists
 * (the client's first byte is not held for the loop); the loop then runs behind the client's
 * stream: each turn is relayed as it comes (MCP calls collected, not shown), SSE comments say
 * which tools run (OpenAI clients ignore comments), the next turn follows, and the end is one
 * usage chunk summed over every turn (when the client asked for usage) and `[DONE]`.
 */
export async function runStreamLoop(x: Exchange, next: () => Promise<void>, catalogue: ToolCatalogue, config: ToolLoopConfig, services: ToolLoopServices, request: (messages: readonly unknown[]) => JsonObject): Promise<void> {
  const original = x.request.body;
  const given: unknown = original['messages'];
  const messages: unknown[] = Array.isArray(given) ? given.map((m: unknown) => m) : [];
  const clientWantsUsage = recordOf(original['stream_options'])['include_usage'] === true;
  // Usage from every turn, whatever the client asked, so the sum is right.
  const turnRequest = (): JsonObject => ({ ...request(messages), stream_options: { ...recordOf(original['stream_options']), include_usage: true } });
  x.request.body = turnRequest();
  await next();
  const first = responseOf(x);
  if (first === undefined || first.kind !== 'stream' || first.status !== 200) return; // an error answers as it is
  const out = new PassThrough();
  const ours: ExchangeResponse = { kind: 'stream', status: 200, headers: { ...first.headers }, body: out };
  x.response = ours;
  const deadline = AbortSignal.timeout(config.loop_timeout_ms);
  const signal = AbortSignal.any([x.signal, deadline]);
  const usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const write = (bytes: Buffer): Promise<void> => flush([bytes], out);

  const loop = async (): Promise<void> => {
    let source: Readable = first.body;
    for (let turn = 1; ; turn++) {
      const result: StreamTurn = await relayStreamTurn(source, out, (name) => catalogue.functions.has(name));
      addUsage(usage, result.usage);
      if (result.failed || out.destroyed) return;
      const stop = result.mcpCalls.length === 0 ? undefined : result.clientCalls ? 'client_tools' : turn >= config.max_iterations ? 'max_iterations' : deadline.aborted ? 'deadline' : undefined;
      if (result.mcpCalls.length === 0 || stop !== undefined) {
        if (stop === 'max_iterations' || stop === 'deadline') await write(encodeSseComment(`tool-loop stopped: ${stop}`));
        if (result.heldFinish !== undefined) await write(encodeSseEvent({ data: JSON.stringify(finishOf(result.heldFinish, stop === 'client_tools')) }));
        if (clientWantsUsage) await write(encodeSseEvent({ data: JSON.stringify({ ...result.template, choices: [], usage }) }));
        return;
      }
      // The turn's stream was read to its end: its worker slot is free for the next turn now.
      releaseUpstreamTurn(x);
      await write(encodeSseComment(`tool-loop: turn ${turn} calls ${result.mcpCalls.map((c) => c.name).join(', ')}`));
      const results = await runToolCalls(result.mcpCalls, catalogue.functions, { timeoutMs: config.tool_timeout_ms, maxOutputChars: config.max_output_chars, signal }, { logger: services.logger, metrics: services.metrics, requestId: x.requestId, watchCall: callWatcherOf(x) });
      messages.push(
        {
          role: 'assistant',
          content: result.content === '' ? null : result.content,
          tool_calls: result.mcpCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
        },
        ...results,
      );
      await write(encodeSseComment(`tool-loop: turn ${turn + 1}`));
      x.request.body = turnRequest();
      x.response = undefined;
      await next();
      const answer = responseOf(x);
      x.response = ours;
      if (answer === undefined || answer.kind !== 'stream') {
        // A later turn failed before streaming: its error goes in-band, as a stream's errors do.
        await write(encodeSseEvent({ data: JSON.stringify(answer === undefined ? toOpenAiErrorBody(undefined).body : answer.body) }));
        return;
      }
      source = answer.body;
    }
  };
  void loop()
    .catch(async (err: unknown) => {
      if (!out.destroyed) await write(encodeSseEvent({ data: JSON.stringify(toOpenAiErrorBody(err).body) }));
    })
    .finally(() => {
      if (!out.destroyed) out.end('data: [DONE]\n\n');
    });
}

/** What a turn produced (a call, so the compiler does not keep the `undefined` set before next()). */
function responseOf(x: Exchange): ExchangeResponse | undefined {
  return x.response;
}

/** The held finish chunk: as the model sent it when the client's own calls are in it, else a plain stop. */
function finishOf(chunk: Record<string, unknown>, clientTools: boolean): Record<string, unknown> {
  if (clientTools) return chunk;
  const choices = Array.isArray(chunk['choices']) ? chunk['choices'].map((c: unknown) => ({ ...recordOf(c), delta: {}, finish_reason: 'stop' })) : [];
  return { ...chunk, choices, ...(chunk['usage'] === undefined ? {} : { usage: null }) };
}

function addUsage(total: Usage, value: unknown): void {
  const usage = recordOf(value);
  total.prompt_tokens += countOf(usage['prompt_tokens']);
  total.completion_tokens += countOf(usage['completion_tokens']);
  total.total_tokens += countOf(usage['total_tokens']);
}
