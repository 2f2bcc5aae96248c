import { GatewayError } from '../../core/errors/gateway-error.js';
import { SseFramer } from '../../core/streams/sse-framer.js';
import { DONE_MESSAGE, errorMessage, errorMessageFromAnswer, isErrorEvent } from './stream-messages.js';

/** The chat route of the data plane this socket's requests go through. */
export const CHAT_ROUTE = '/v1/chat/completions';

export interface RelayTarget {
  /** The gateway's own data plane (loopback). */
  readonly loopbackUrl: string;
  /** Sent as `Authorization` on every request; undefined: none (anonymous mode decides). */
  readonly authorization: string | undefined;
  readonly draining: () => boolean;
}

/** Sends one message; resolves once the socket took it (that wait is the backpressure). */
export type SendMessage = (message: string) => Promise<void>;

export interface RelayOutcome {
  /**
   * The data plane refused the credential (401): the socket cannot serve anything else. A 403 is
   * not this: it refuses one request (a model the key may not use), another may pass.
   */
  readonly authRefused?: 401;
}

/**
 * One chat request of a socket, run by POSTing the client's text unchanged to the gateway's own
 * /v1/chat/completions on loopback: the body check, guard, limits, WASM policies, upstream and
 * every other stage of that route run exactly as for an HTTP client, and nothing here
 * re-implements one (the pipeline needs a Koa context and a response to write to, which a
 * socket does not have). The answer is relayed as messages; `signal` aborts the loopback request
 * when the client goes, and the data plane then aborts the upstream as it does for any client.
 */
export async function relayChatRequest(text: string, target: RelayTarget, send: SendMessage, signal: AbortSignal): Promise<RelayOutcome> {
  let response: Response;
  try {
    response = await fetch(new URL(CHAT_ROUTE, target.loopbackUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(target.authorization === undefined ? {} : { authorization: target.authorization }) },
      body: text,
      signal,
    });
  } catch {
    if (signal.aborted) return {};
    const err = target.draining()
      ? new GatewayError('GW_ERR_GATEWAY_DRAINING', 'The gateway is shutting down; reconnect and retry the request.')
      : new GatewayError('GW_ERR_INTERNAL', 'The gateway could not reach its own data plane; retry the request.');
    await send(errorMessage(err));
    return {};
  }

  if (!response.ok) {
    await send(errorMessageFromAnswer(response.status, await response.text()));
    return response.status === 401 ? { authRefused: 401 } : {};
  }
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await send(await response.text());
    await send(DONE_MESSAGE);
    return {};
  }
  await relayEvents(response, send, signal);
  return {};
}

/** Each event's data as one message; `[DONE]` becomes the final message. */
async function relayEvents(response: Response, send: SendMessage, signal: AbortSignal): Promise<void> {
  const pending: string[] = [];
  const framer = new SseFramer({ onFrame: (frame) => (frame.kind === 'event' ? pending.push(frame.data) : undefined) });
  let ended: 'done' | 'error' | undefined;
  const flush = async (): Promise<void> => {
    for (const data of pending.splice(0)) {
      if (ended !== undefined) continue;
      if (data === '[DONE]') {
        ended = 'done';
        await send(DONE_MESSAGE);
        continue;
      }
      // The data plane ends a stream with an error event (upstream failure, drain): it is the terminal message.
      if (isErrorEvent(data)) ended = 'error';
      await send(data);
    }
  };
  try {
    const reader = response.body?.getReader();
    for (;;) {
      const read = await reader?.read();
      if (read === undefined || read.done) break;
      // The fetch body's chunk type is `any` in these typings: checked, not assumed.
      const bytes: unknown = read.value;
      if (!(bytes instanceof Uint8Array)) continue;
      framer.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      await flush();
    }
    framer.end();
    await flush();
  } catch {
    if (signal.aborted) return;
  }
  if (ended === undefined && !signal.aborted) {
    await send(errorMessage(new GatewayError('GW_ERR_UPSTREAM_STREAM_FAILED', 'The stream ended before it finished; retry the request.')));
  }
}
