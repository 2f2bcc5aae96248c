import type { StateDirectory } from '../../core/state/state-directory.js';
import type { SharedRateLimits } from './shared-rate-limits.generated.js';

/** The state file the shared settings live in: replicated like a registry when the ha backend is on. */
export const SHARED_RATE_LIMITS_FILE = 'rate-limit-settings.json';

export const SHARED_RATE_LIMITS_SCHEMA = 'https://switchyard.dev/schemas/admin/ha-rate-limit.schema.json';

const NONE: SharedRateLimits = Object.freeze({ multiplier: 1 });

interface LimitPair {
  readonly rpm?: number | undefined;
  readonly tpm?: number | undefined;
}

/**
 * Rate-limit settings an operator sets at run time (`POST /ha/rate-limit`): a multiplier over
 * every limit and per-subject overrides. Kept in the state directory (in memory without one), so
 * with the ha backend on every replica's rate-limit stage reads the same document within a second;
 * what is read back (a file, another replica's write) is checked against the schema first.
 */
export class SharedRateLimitSettings {
  #current: SharedRateLimits = NONE;
  #stopChanges: (() => void) | undefined;

  private constructor(
    private readonly state: StateDirectory | undefined,
    private readonly isSettings: (value: unknown) => value is SharedRateLimits,
  ) {}

  static async open(state: StateDirectory | undefined, isSettings: (value: unknown) => value is SharedRateLimits): Promise<SharedRateLimitSettings> {
    const settings = new SharedRateLimitSettings(state, isSettings);
    settings.#replace(state === undefined ? undefined : await state.readJson(SHARED_RATE_LIMITS_FILE));
    settings.#stopChanges = state?.onChange(SHARED_RATE_LIMITS_FILE, (saved) => Promise.resolve(settings.#replace(saved)));
    return settings;
  }

  get current(): SharedRateLimits {
    return this.#current;
  }

  /** Replaces the document; false (nothing changed) when it does not match the schema. */
  async replaceChecked(next: unknown): Promise<boolean> {
    if (!this.isSettings(next)) return false;
    this.#current = withDefaults(next);
    await this.state?.writeJson(SHARED_RATE_LIMITS_FILE, next);
    return true;
  }

  /** The limits a subject gets: an override replaces its own, then the multiplier scales them. */
  apply(subject: string, own: LimitPair | undefined): LimitPair | undefined {
    const { multiplier, overrides } = this.#current;
    const override = overrides !== undefined && Object.hasOwn(overrides, subject) ? overrides[subject] : undefined;
    return scale(override ?? own, multiplier);
  }

  /** Scales a per-model limit pair (overrides are per subject, not per model). */
  scale(limits: LimitPair | undefined): LimitPair | undefined {
    return scale(limits, this.#current.multiplier);
  }

  close(): void {
    this.#stopChanges?.();
  }

  #replace(saved: unknown): void {
    if (saved === undefined) return;
    // A document this replica cannot read keeps the one it has (and the next good write wins).
    if (this.isSettings(saved)) this.#current = withDefaults(saved);
  }
}

/** The schema's default, whether or not the validator that passed the document filled it. */
function withDefaults(settings: SharedRateLimits): SharedRateLimits {
  const multiplier: unknown = Reflect.get(settings, 'multiplier');
  return typeof multiplier === 'number' ? settings : { ...settings, multiplier: 1 };
}

function scale(limits: LimitPair | undefined, multiplier: number): LimitPair | undefined {
  if (limits === undefined || multiplier === 1) return limits;
  const by = (limit: number | undefined): number | undefined => (limit === undefined ? undefined : Math.max(1, Math.floor(limit * multiplier)));
  return { rpm: by(limits.rpm), tpm: by(limits.tpm) };
}
