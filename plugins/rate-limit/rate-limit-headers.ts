import type { WindowState } from '../limits/window-counter.js';

export interface LimitOutcome {
  readonly kind: 'requests' | 'tokens';
  readonly limit: number;
  readonly used: number;
  readonly resetMs: number;
}

export function outcomeOf(kind: LimitOutcome['kind'], limit: number, state: Pick<WindowState, 'used' | 'resetMs'>): LimitOutcome {
  return { kind, limit, used: state.used, resetMs: state.resetMs };
}

/**
 * X-RateLimit-Limit/Remaining/Reset describe the tightest request limit (tokens when only a token
 * limit applies); Reset is in seconds from now. OpenAI's -requests/-tokens variants are added too.
 */
export function rateLimitHeaders(outcomes: readonly LimitOutcome[]): Record<string, string> {
  // Once per response on every limited route: one pass, fixed header names, no sorting.
  let requests: LimitOutcome | undefined;
  let tokens: LimitOutcome | undefined;
  for (const outcome of outcomes) {
    if (outcome.kind === 'requests') {
      if (requests === undefined || remaining(outcome) < remaining(requests)) requests = outcome;
    } else if (tokens === undefined || remaining(outcome) < remaining(tokens)) tokens = outcome;
  }
  const headers: Record<string, string> = {};
  const main = requests ?? tokens;
  if (main !== undefined) {
    headers['x-ratelimit-limit'] = String(main.limit);
    headers['x-ratelimit-remaining'] = String(remaining(main));
    headers['x-ratelimit-reset'] = String(Math.ceil(main.resetMs / 1000));
  }
  if (requests !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(remaining(requests));
    headers['x-ratelimit-reset-requests'] = `${Math.ceil(requests.resetMs / 1000)}s`;
  }
  if (tokens !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(remaining(tokens));
    headers['x-ratelimit-reset-tokens'] = `${Math.ceil(tokens.resetMs / 1000)}s`;
  }
  return headers;
}

function remaining(outcome: LimitOutcome): number {
  return Math.max(0, outcome.limit - outcome.used);
}
