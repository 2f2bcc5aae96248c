import type { JsonObject, RawRequest } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import type { RewriteText } from './redact-request-body.js';
import { redactResponsesBody } from './redact-responses-body.js';

/** Passthrough routes whose JSON body the stage knows how to read; every other one is forwarded as sent. */
const READERS: ReadonlyMap<string, (body: JsonObject, rewrite: RewriteText) => JsonObject> = new Map([['/v1/responses', redactResponsesBody]]);

/**
 * A passthrough request with its texts rewritten: the client's bytes when nothing changed (or the
 * route's format is unknown), else the rewritten JSON re-serialised.
 */
export function redactPassthroughRequest(routePath: string, raw: RawRequest, rewrite: RewriteText): RawRequest {
  const reader = READERS.get(routePath);
  if (reader === undefined || raw.body === undefined) return raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.body.toString('utf8'));
  } catch {
    return raw; // ingress validated the JSON already; nothing to read otherwise
  }
  if (!isJsonObject(parsed)) return raw;
  const next = reader(parsed, rewrite);
  return next === parsed ? raw : { ...raw, body: Buffer.from(JSON.stringify(next)) };
}
