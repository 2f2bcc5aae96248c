import { performance } from 'node:perf_hooks';
import { ANONYMOUS, type Principal } from '../../core/auth/principal.js';
import { Exchange, type JsonObject, type RouteDescriptor } from '../../core/pipeline/exchange.js';

export const CHAT_ROUTE: RouteDescriptor = { path: '/v1/chat/completions', methods: ['POST'], operation: 'chat.completions', streamable: true };

/** An Exchange as the data-plane handler would build it, for calling stages directly. */
export function buildExchange(body: JsonObject = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }, principal: Principal = ANONYMOUS, signal: AbortSignal = new AbortController().signal): Exchange {
  return new Exchange(
    'test-request',
    CHAT_ROUTE,
    { method: 'POST', path: CHAT_ROUTE.path, headers: {}, body, model: typeof body['model'] === 'string' ? body['model'] : '', stream: body['stream'] === true },
    principal,
    signal,
    performance.now(),
  );
}
