import type { RoutingRequest } from '../routing/routing-policy.js';
import type { Exchange } from '../../../core/pipeline/exchange.js';

/** What routing policies see of a request; the prompt text is only assembled if a policy asks. */
export function routingRequestOf(x: Exchange, sessionHeader: string): RoutingRequest {
  const body = x.request.body;
  const user = body['user'];
  const session = x.request.headers[sessionHeader.toLowerCase()] ?? (typeof user === 'string' && user !== '' ? user : undefined);
  let text: string | undefined;
  return {
    model: x.request.model,
    sessionKey: session,
    promptText: () => (text ??= promptTextOf(body)),
  };
}

function promptTextOf(body: Record<string, unknown>): string {
  const messages = body['messages'];
  if (Array.isArray(messages)) {
    return messages
      .map((m: unknown) => {
        const content = m !== null && typeof m === 'object' ? (m as Record<string, unknown>)['content'] : undefined;
        if (typeof content === 'string') return content;
        if (!Array.isArray(content)) return '';
        return content.map((p: unknown) => {
          const text = p !== null && typeof p === 'object' ? (p as Record<string, unknown>)['text'] : undefined;
          return typeof text === 'string' ? text : '';
        }).join('');
      })
      .join('\n');
  }
  const prompt = body['prompt'];
  return typeof prompt === 'string' ? prompt : JSON.stringify(prompt ?? body['input'] ?? '');
}
