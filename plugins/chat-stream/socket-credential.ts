import type { IncomingMessage } from 'node:http';
import { CHAT_SUBPROTOCOL } from './stream-messages.js';

const BEARER_PROTOCOL_PREFIX = 'bearer.';

/**
 * The credential a socket's requests are sent with: the upgrade's `Authorization` header, or, for
 * browsers (whose WebSocket API cannot set headers), a subprotocol `bearer.<token>` offered next
 * to `switchyard.chat.v1`. The gateway never selects the bearer subprotocol, so the token is not
 * echoed back in the handshake answer. Checking it is the data plane's guard's job, per request.
 */
export function authorizationOf(request: IncomingMessage): string | undefined {
  const header = request.headers['authorization'];
  if (typeof header === 'string' && header !== '') return header;
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered !== 'string') return undefined;
  for (const protocol of offered.split(',')) {
    const name = protocol.trim();
    if (name.startsWith(BEARER_PROTOCOL_PREFIX) && name.length > BEARER_PROTOCOL_PREFIX.length) return `Bearer ${name.slice(BEARER_PROTOCOL_PREFIX.length)}`;
  }
  return undefined;
}

/** `handleProtocols` for the ws server: only ever our own protocol name, never a token. */
export function selectProtocol(offered: Set<string>): string | false {
  return offered.has(CHAT_SUBPROTOCOL) ? CHAT_SUBPROTOCOL : false;
}
