import { createHash } from 'node:crypto';
import type { Exchange } from '../../../core/pipeline/exchange.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { promptTextOf } from '../stages/prompt-text.js';
import { subjectOf } from '../../../core/auth/principal.js';

/** Where a request's answer may be found: its bucket, and the question within it. */
export interface CacheRequestKey {
  readonly bucket: string;
  /** The last user message, whitespace-folded and lower-cased. */
  readonly query: string;
  /** The last user message as sent (what the features are computed from). */
  readonly text: string;
}

/** Fields that do not change what the model answers (how it is delivered, who asks). */
const DELIVERY_FIELDS = new Set(['messages', 'model', 'stream', 'stream_options', 'user']);

/**
 * The bucket is the scope (the caller, unless the cache is global), the model, and everything of
 * the request but its last user message — earlier turns, sampling parameters, tools — so only
 * the last question is compared by similarity — and the kind of vector it is compared by (`space`),
 * so an embedding model's vectors never meet the featurizer's or another model's. undefined: the request cannot be cached (no user
 * message, or more than one answer asked for).
 */
export function cacheRequestKeyOf(x: Exchange, scope: 'key' | 'global', space: string): CacheRequestKey | undefined {
  const body = x.request.body;
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const last = messages.findLastIndex((m) => recordOf(m)['role'] === 'user');
  const n = body['n'];
  if (last < 0 || (n !== undefined && n !== 1)) return undefined;
  const text = promptTextOf({ messages: [messages[last]] }, 'last_user_message');
  if (text.trim() === '') return undefined;
  const params = Object.fromEntries(Object.entries(body).filter(([k]) => !DELIVERY_FIELDS.has(k)));
  const caller = scope === 'global' ? '*' : subjectOf(x.principal);
  // The features' kind leads only when it is not the default, so existing buckets keep their keys.
  const parts = [caller, x.request.model, messages.slice(0, last), messages.slice(last + 1), params];
  const context = JSON.stringify(space === 'features' ? parts : [space, ...parts]);
  return {
    bucket: createHash('sha256').update(context).digest('base64url'),
    query: text.toLowerCase().replace(/\s+/g, ' ').trim(),
    text,
  };
}
