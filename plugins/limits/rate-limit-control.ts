import { REFUSED_PREFIX } from '../rate-limit/rate-limit-stage.js';
import type { SharedRateLimitSettings } from './shared-rate-limits.js';
import type { WindowCounter } from './window-counter.js';

/** One limit's current window: what was counted and what was refused. */
export interface LimitStats {
  readonly limit: 'rpm' | 'tpm';
  readonly scope: string;
  readonly used: number;
  readonly refused: number;
  readonly reset_ms: number;
}

/**
 * What `/ha/rate-limit` reaches of the limits plugin (wired in builtin-plugins.ts): the shared
 * settings and the counters' current windows. Bound once the plugin is set up; before, or without
 * the limits plugin, there is nothing to read or set.
 */
export class RateLimitControl {
  #settings: SharedRateLimitSettings | undefined;
  #counter: WindowCounter | undefined;
  #backend = 'memory';

  bind(settings: SharedRateLimitSettings, counter: WindowCounter, backend: string): void {
    this.#settings = settings;
    this.#counter = counter;
    this.#backend = backend;
  }

  get bound(): boolean {
    return this.#settings !== undefined;
  }

  /** `shared`: the counters live in Redis, so every replica counts against (and reports) the same windows. */
  settings(): { shared: boolean; settings: unknown } {
    return { shared: this.#backend === 'redis', settings: this.#settings?.current ?? null };
  }

  /** False when the document does not match the schema (the route validated it; this is the store's own check). */
  async replace(next: unknown): Promise<boolean> {
    return (await this.#settings?.replaceChecked(next)) ?? false;
  }

  async stats(): Promise<{ backend: string; limits: LimitStats[] }> {
    const entries = (await this.#counter?.snapshot()) ?? [];
    const byLimit = new Map<string, { limit: 'rpm' | 'tpm'; scope: string; used: number; refused: number; reset_ms: number }>();
    for (const entry of entries) {
      const refused = entry.key.startsWith(REFUSED_PREFIX);
      const name = refused ? entry.key.slice(REFUSED_PREFIX.length) : entry.key;
      const match = /^(rpm|tpm):(.+)$/.exec(name);
      if (match === null) continue;
      const limit = match[1] === 'rpm' ? 'rpm' : 'tpm';
      const stats = byLimit.get(name) ?? { limit, scope: match[2]!, used: 0, refused: 0, reset_ms: entry.resetMs };
      if (refused) stats.refused += entry.used;
      else stats.used += entry.used;
      stats.reset_ms = Math.max(stats.reset_ms, entry.resetMs);
      byLimit.set(name, stats);
    }
    const limits = [...byLimit.values()].sort((a, b) => a.scope.localeCompare(b.scope) || a.limit.localeCompare(b.limit));
    return { backend: this.#backend, limits };
  }
}
