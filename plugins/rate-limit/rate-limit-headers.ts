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
  const headers: Record<string, string> = {};
  const tightest = (kind: LimitOutcome['kind']): LimitOutcome | undefined =>
    outcomes.filter((o) => o.kind === kind).sort((a, b) => remaining(a) - remaining(b))[0];
  const requests = tightest('requests');
  const tokens = tightest('tokens');
  const main = requests ?? tokens;
  if (main !== undefined) {
    headers['x-ratelimit-limit'] = String(main.limit);
    headers['x-ratelimit-remaining'] = String(remaining(main));
    headers['x-ratelimit-reset'] = String(Math.ceil(main.resetMs / 1000));
  }
  for (const [kind, outcome] of [['requests', requests], ['tokens', tokens]] as const) {
    if (outcome === undefined) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(outcome.limit);
    headers[`x-ratelimit-remaining-${kind}`] = String(remaining(outcome));
    headers[`x-ratelimit-reset-${kind}`] = `${Math.ceil(outcome.resetMs / 1000)}s`;
  }
  return headers;
}

function remaining(outcome: LimitOutcome): number {
  return Math.max(0, outcome.limit - outcome.used);
}
