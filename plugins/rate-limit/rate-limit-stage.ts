import { grantOf } from '../../core/auth/grants.js';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { createStateKey } from '../../core/pipeline/exchange-state.js';
import type { Exchange } from '../../core/pipeline/exchange.js';
import type { Next, Stage, StageContext } from '../../core/pipeline/stage-contract.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import type { WindowCounter } from '../limits/window-counter.js';
import { LIMITS_GRANT } from './limits-grant.js';
import type { RateLimitConfig } from './rate-limit-config.generated.js';
import { outcomeOf, rateLimitHeaders, type LimitOutcome } from './rate-limit-headers.js';
import { subjectOf, type Principal } from '../../core/auth/principal.js';

export interface LimitPair {
  readonly rpm?: number | undefined;
  readonly tpm?: number | undefined;
}

interface Scope {
  readonly label: string;
  readonly limits: LimitPair;
  /** The counters' keys, `rpm:<scope>` and `tpm:<scope>`. */
  readonly rpmKey: string;
  readonly tpmKey: string;
}

/** A key scope's counter keys, made once per principal (a key's principal is built once). */
const KEY_COUNTER_KEYS = new WeakMap<Principal, { readonly rpmKey: string; readonly tpmKey: string }>();

/** Counter keys of refusals: `refused:<rpm|tpm>:<scope>`. */
export const REFUSED_PREFIX = 'refused:';

/** The token-limited scopes of a request, debited once its response has ended. */
const TOKEN_SCOPES = createStateKey<readonly Scope[]>('rate-limit.token-scopes');

/**
 * Requests per window are counted before the request goes on (refused ones are not counted);
 * tokens are debited from the real usage once the response, stream included, has left, and
 * checked before the next request (optionally with an estimate of this prompt).
 */
/** Run-time adjustments every replica shares (`/ha/rate-limit`): overrides by subject, a multiplier. */
export interface LimitAdjustments {
  apply(subject: string, own: LimitPair | undefined): LimitPair | undefined;
  scale(limits: LimitPair | undefined): LimitPair | undefined;
}

const UNADJUSTED: LimitAdjustments = { apply: (_subject, own) => own, scale: (limits) => limits };

export function createRateLimitStage(config: RateLimitConfig, counter: WindowCounter, context: StageContext, countTokens?: (model: string, text: string) => number, adjustments: LimitAdjustments = UNADJUSTED): Stage {
  const windowMs = config.window_ms;
  const perWindow = windowMs === 60_000 ? 'per minute' : `per ${windowMs / 1000} s`;

  // Refusals per limit and window, in the same counter (shared on Redis), for /ha/rate-limit/stats.
  const countRefusal = (limit: string): void => {
    counter.add(`${REFUSED_PREFIX}${limit}`, 1, windowMs).catch((err: unknown) => {
      context.logger.debug({ reason: err instanceof Error ? err.message : String(err) }, 'could not count a refusal');
    });
  };

  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const scopes = scopesOf(x, config, adjustments);
      if (scopes.length === 0) return next();

      const outcomes: LimitOutcome[] = [];
      for (const scope of scopes) {
        if (scope.limits.rpm !== undefined) {
          const state = await counter.consume(scope.rpmKey, scope.limits.rpm, 1, windowMs);
          const outcome = outcomeOf('requests', scope.limits.rpm, state);
          outcomes.push(outcome);
          if (!state.allowed) {
            countRefusal(scope.rpmKey);
            throw refusal(`${scope.limits.rpm} requests ${perWindow} ${scope.label}`, outcome, outcomes);
          }
        }
        if (scope.limits.tpm !== undefined) {
          const state = await counter.peek(scope.tpmKey, windowMs);
          const outcome = outcomeOf('tokens', scope.limits.tpm, state);
          outcomes.push(outcome);
          const estimate = config.estimate_prompt_tokens ? estimatePromptTokens(x, countTokens) : 0;
          if (state.used >= scope.limits.tpm || state.used + estimate > scope.limits.tpm) {
            countRefusal(scope.tpmKey);
            throw refusal(`${scope.limits.tpm} tokens ${perWindow} ${scope.label}`, outcome, outcomes);
          }
        }
      }

      const tokenScopes = scopes.filter((scope) => scope.limits.tpm !== undefined);
      if (tokenScopes.length > 0) x.state.set(TOKEN_SCOPES, tokenScopes);

      try {
        await next();
      } catch (err) {
        // A limited request that fails downstream still tells the client where its limits stand.
        throw err instanceof GatewayError ? err.withHeaders(rateLimitHeaders(outcomes)) : err;
      }
      if (x.response !== undefined) rateLimitHeaders(outcomes, x.response.headers);
    },

    onResponseEnd(x: Exchange): void {
      const scopes = x.state.get(TOKEN_SCOPES);
      if (scopes === undefined) return;
      const tokens = x.usage.reduce((sum, u) => sum + u.promptTokens + u.completionTokens, 0);
      if (tokens === 0) return;
      for (const scope of scopes) {
        counter.add(scope.tpmKey, tokens, windowMs).catch((err: unknown) => {
          context.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'could not debit tokens');
        });
      }
    },
  };
}

function scopesOf(x: Exchange, config: RateLimitConfig, adjustments: LimitAdjustments): Scope[] {
  const subject = subjectOf(x.principal);
  const own = grantOf(x.principal.grants, LIMITS_GRANT);
  const keyLimits = adjustments.apply(subject, own ?? config.default_limits);
  const scopes: Scope[] = [];
  if (keyLimits?.rpm !== undefined || keyLimits?.tpm !== undefined) {
    let keys = KEY_COUNTER_KEYS.get(x.principal);
    if (keys === undefined) {
      keys = { rpmKey: `rpm:${subject}`, tpmKey: `tpm:${subject}` };
      KEY_COUNTER_KEYS.set(x.principal, keys);
    }
    scopes.push({ label: 'for this key', limits: keyLimits, rpmKey: keys.rpmKey, tpmKey: keys.tpmKey });
  }
  const model = x.request.model;
  const modelLimits = adjustments.scale(own?.models !== undefined && Object.hasOwn(own.models, model) ? own.models[model] : undefined);
  if (modelLimits !== undefined) {
    const key = `${subject}:${model}`;
    scopes.push({ label: `for this key on ${model.slice(0, 256)}`, limits: modelLimits, rpmKey: `rpm:${key}`, tpmKey: `tpm:${key}` });
  }
  return scopes;
}

function refusal(what: string, outcome: LimitOutcome, outcomes: readonly LimitOutcome[]): GatewayError {
  const retryAfter = String(Math.max(1, Math.ceil(outcome.resetMs / 1000)));
  return new GatewayError('GW_ERR_LIMITS_RATE_EXCEEDED', `Rate limit reached: ${what}. Retry after ${retryAfter} s.`, {
    publicCode: 'rate_limit_exceeded',
    headers: { ...rateLimitHeaders(outcomes), 'retry-after': retryAfter },
  });
}

/**
 * The prompt's tokens: counted with the model's tokenizer when the tokenizers plugin gives a
 * counter (over the text the prompt holds), else a deliberately rough four characters per token.
 */
function estimatePromptTokens(x: Exchange, countTokens: ((model: string, text: string) => number) | undefined): number {
  const body = x.request.body;
  const prompt = body['messages'] ?? body['prompt'] ?? body['input'] ?? '';
  if (countTokens === undefined) return Math.ceil(JSON.stringify(prompt).length / 4);
  return countTokens(x.request.model, promptText(prompt));
}

/** The strings a prompt holds (message contents, text parts, prompt lists), joined. */
function promptText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(promptText).join('\n');
  if (isJsonObject(value)) return promptText(value['content'] ?? value['text'] ?? '');
  return '';
}
