import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { encodeSseEvent } from '../../../core/streams/encode-sse-event.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import { SseFramer } from '../../../core/streams/sse-framer.js';
import { recordOf, recordsOf, stringOr } from '../../../core/util/narrow-json.js';
import type { ModelToolCall } from './run-tool-calls.js';

export interface StreamTurn {
  /** The model's calls to MCP functions, arguments joined from their deltas. */
  readonly mcpCalls: ModelToolCall[];
  /** The model also called one of the client's own functions (those deltas were relayed). */
  readonly clientCalls: boolean;
  /** The turn's text, for the assistant message the next turn carries. */
  readonly content: string;
  /** The finish chunk, held back while MCP calls are pending (a client must not see `tool_calls` for them). */
  readonly heldFinish: Record<string, unknown> | undefined;
  /** The turn's usage chunk's `usage`, swallowed: the loop sends one summed over every turn. */
  readonly usage: unknown;
  /** A chunk's `id`, `object`, `created`, `model`: for the chunks the loop writes itself. */
  readonly template: Record<string, unknown>;
  /** The turn ended with an in-band error (relayed as it came): the loop stops. */
  readonly failed: boolean;
}

/**
 * Relays one streamed model turn to the client as it comes, except what belongs to the loop: the
 * deltas of calls to MCP functions (collected instead), the finish chunk when such calls are
 * pending, the usage chunk and `[DONE]` (the loop writes its own at the very end).
 */
export async function relayStreamTurn(source: Readable, out: Writable, isMcpFunction: (name: string) => boolean): Promise<StreamTurn> {
  const calls = new Map<number, { id: string; name: string; arguments: string; mcp: boolean }>();
  let content = '';
  let heldFinish: Record<string, unknown> | undefined;
  let usage: unknown;
  let failed = false;
  let template: Record<string, unknown> = { object: 'chat.completion.chunk' };
  const pending: Buffer[] = [];
  const framer = new SseFramer({
    onFrame: (frame) => {
      if (frame.kind !== 'event') return;
      const data = frame.data;
      if (data === '[DONE]') return;
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        return void pending.push(frame.raw);
      }
      if (!isJsonObject(chunk)) return void pending.push(frame.raw);
      if (chunk['error'] !== undefined) {
        failed = true;
        return void pending.push(frame.raw);
      }
      if (isJsonObject(chunk['usage'])) usage = chunk['usage'];
      template = { id: chunk['id'], object: chunk['object'], created: chunk['created'], model: chunk['model'] };
      const choices = recordsOf(chunk['choices']);
      if (choices.length === 0) return; // the usage chunk
      const choice = choices[0]!;
      const delta = recordOf(choice['delta']);
      content += stringOr(delta['content']);
      let changed = false;
      const keptCalls = recordsOf(delta['tool_calls']).filter((entry) => {
        const index = typeof entry['index'] === 'number' ? entry['index'] : 0;
        const fn = recordOf(entry['function']);
        let call = calls.get(index);
        if (call === undefined) {
          const name = stringOr(fn['name']);
          call = { id: stringOr(entry['id']), name, arguments: '', mcp: isMcpFunction(name) };
          calls.set(index, call);
        }
        call.arguments += stringOr(fn['arguments']);
        if (call.mcp) changed = true;
        return !call.mcp;
      });
      const mcpPending = [...calls.values()].some((c) => c.mcp);
      if (choice['finish_reason'] !== null && choice['finish_reason'] !== undefined && mcpPending) {
        heldFinish = chunk;
        // What else the finish chunk carried (text, client calls) still goes out, without the finish.
        if (keptCalls.length === 0 && stringOr(delta['content']) === '') return;
        changed = true;
      }
      if (!changed) return void pending.push(frame.raw);
      const { tool_calls: _all, ...rest } = delta;
      const keptDelta = keptCalls.length > 0 ? { ...rest, tool_calls: keptCalls } : rest;
      if (Object.keys(keptDelta).length === 0 && heldFinish !== chunk) return;
      const finish = heldFinish === chunk ? null : choice['finish_reason'];
      pending.push(encodeSseEvent({ data: JSON.stringify({ ...chunk, choices: [{ ...choice, delta: keptDelta, finish_reason: finish ?? null }] }) }));
    },
  });
  for await (const bytes of source) {
    framer.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(String(bytes)));
    await flush(pending, out);
  }
  framer.end();
  await flush(pending, out);
  const all = [...calls.values()];
  return {
    mcpCalls: all.filter((c) => c.mcp).map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })),
    clientCalls: all.some((c) => !c.mcp),
    content,
    heldFinish,
    usage,
    template,
    failed,
  };
}

/** Writes what is pending, waiting for the client to take it (backpressure). */
export async function flush(pending: Buffer[], out: Writable): Promise<void> {
  for (const bytes of pending.splice(0)) {
    if (out.destroyed) return;
    if (!out.write(bytes)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}
