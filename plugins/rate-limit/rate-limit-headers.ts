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
 * Written into `headers` when given (a response's own, without an object in between), else into a
 * new object.
 */
export function rateLimitHeaders(outcomes: readonly LimitOutcome[], headers: Record<string, string> = {}): Record<string, string> {
  // Once per response on every limited route: one pass, fixed header names, no sorting.
  let requests: LimitOutcome | undefined;
  let tokens: LimitOutcome | undefined;
  for (const outcome of outcomes) {
    if (outcome.kind === 'requests') {
      if (requests === undefined || remaining(outcome) < remaining(requests)) requests = outcome;
    } else if (tokens === undefined || remaining(outcome) < remaining(tokens)) tokens = outcome;
  }
  // Each outcome's figures are turned into text once: the generic headers repeat the requests' (or
  // the tokens') figures, and a count past 2^30 is a double, whose String() is the costly kind.
  const req = requests === undefined ? undefined : figuresOf(requests);
  const tok = tokens === undefined ? undefined : figuresOf(tokens);
  const main = req ?? tok;
  if (main !== undefined) {
    headers['x-ratelimit-limit'] = main.limit;
    headers['x-ratelimit-remaining'] = main.remaining;
    headers['x-ratelimit-reset'] = main.reset;
  }
  if (req !== undefined) {
    headers['x-ratelimit-limit-requests'] = req.limit;
    headers['x-ratelimit-remaining-requests'] = req.remaining;
    headers['x-ratelimit-reset-requests'] = `${req.reset}s`;
  }
  if (tok !== undefined) {
    headers['x-ratelimit-limit-tokens'] = tok.limit;
    headers['x-ratelimit-remaining-tokens'] = tok.remaining;
    headers['x-ratelimit-reset-tokens'] = `${tok.reset}s`;
  }
  return headers;
}

function figuresOf(outcome: LimitOutcome): { readonly limit: string; readonly remaining: string; readonly reset: string } {
  return { limit: String(outcome.limit), remaining: String(remaining(outcome)), reset: String(Math.ceil(outcome.resetMs / 1000)) };
}

function remaining(outcome: LimitOutcome): number {
  return Math.max(0, outcome.limit - outcome.used);
}
