import type { Analyzer, AnchoredFinding } from './analyzer.js';
import { applyEntityActions, replaceEntity, type ActionSettings } from './apply-entity-actions.js';
import { EntityTally, type EntityCounts } from './entity-tally.js';
import type { Recognizer } from './recognizer.js';
import { resolveOverlaps } from './resolve-overlaps.js';

export interface StreamRedactorOptions {
  readonly analyzer: Analyzer;
  readonly actions: ActionSettings;
  /**
   * The most text held back waiting to see whether it is an entity. Past it, a tail that already
   * shows an unmistakable start (a PEM BEGIN line, a JWT header) is treated as that entity and
   * swallowed up to its end; any other held text is emitted as analysed.
   */
  readonly maxHoldbackChars: number;
}

export interface StreamRedactor {
  /** Takes the next delta; returns the text that is safe to emit now (possibly empty). */
  push(delta: string): string;
  /** At finish, error or abort: everything still held, redacted as the whole text would be. */
  flush(): string;
  /** Counts so far (never values). `blocked` non-empty means an entity whose action is `block` appeared. */
  counts(): EntityCounts;
  readonly blocked: boolean;
}

/** How much of a swallowed entity is kept to find its end marker when it is split across deltas. */
const SWALLOW_CARRY = 128;

/**
 * Redacts a stream of text deltas (one choice) so that the concatenated output equals what redacting
 * the whole text at once gives, for every way of splitting it, while holding back only a tail that
 * could still become an entity.
 *
 * Each push analyses a window: the held text plus enough already-emitted text before it for
 * lookbehinds and context words. It emits up to the earliest point that is still undecided — a tail
 * some recognizer could still grow into a match, a match whose lookahead reached the window's end —
 * moved earlier while a kept finding straddles it. Recognizers are position-local (see recognizer.ts),
 * so everything before that point is decided exactly as the whole text would decide it.
 */
export function createStreamRedactor(options: StreamRedactorOptions): StreamRedactor {
  return new WindowedStreamRedactor(options);
}

interface Swallowing {
  readonly recognizer: Recognizer;
  carry: string;
}

/*
 * A class, not an object literal with a `blocked` getter: V8 builds literals with accessors in its
 * runtime (about 1.5 µs each), and one redactor is made per choice of every answer.
 */
class WindowedStreamRedactor implements StreamRedactor {
  readonly #analyzer: Analyzer;
  readonly #actions: ActionSettings;
  readonly #maxHoldbackChars: number;
  readonly #leftChars: number;
  readonly #tally = new EntityTally();
  #left = '';
  #held = '';
  #swallowing: Swallowing | undefined;

  constructor(options: StreamRedactorOptions) {
    this.#analyzer = options.analyzer;
    this.#actions = options.actions;
    this.#maxHoldbackChars = options.maxHoldbackChars;
    this.#leftChars = options.analyzer.leftContextChars;
  }

  push(delta: string): string {
    if (this.#swallowing !== undefined) return this.#swallow(delta, this.#swallowing);
    if (delta.length === 0) return '';
    this.#held += delta;
    return this.#drain(false);
  }

  flush(): string {
    if (this.#swallowing !== undefined) {
      this.#swallowing = undefined;
      return '';
    }
    const out = this.#drain(true);
    this.#left = '';
    this.#held = '';
    return out;
  }

  counts(): EntityCounts {
    return this.#tally.snapshot();
  }

  get blocked(): boolean {
    return this.#tally.blocked;
  }

  #advance(raw: string, offset: number, cut: number): void {
    this.#left = (this.#left + raw.slice(offset, cut)).slice(-this.#leftChars);
    this.#held = raw.slice(cut);
  }

  #emit(raw: string, offset: number, cut: number, findings: readonly AnchoredFinding[]): string {
    if (findings.length === 0) {
      // The common case (prose): nothing to replace, nothing to resolve.
      const out = raw.slice(offset, cut);
      this.#advance(raw, offset, cut);
      return out;
    }
    const chosen = resolveOverlaps(findings.filter((finding) => finding.anchor < cut));
    const out = applyEntityActions(raw, offset, cut, chosen, this.#actions, this.#tally);
    this.#advance(raw, offset, cut);
    return out;
  }

  #drain(final: boolean): string {
    const raw = this.#left + this.#held;
    const offset = this.#left.length;
    const { findings, unsettledFrom } = this.#analyzer.scanWindow(raw, offset);
    if (final) return this.#emit(raw, offset, raw.length, findings);
    const tails = this.#analyzer.pendingTails(raw, offset);
    let cut = Math.min(raw.length, unsettledFrom, tails[0]?.anchor ?? raw.length);
    for (let moved = true; moved; ) {
      moved = false;
      for (const finding of findings) {
        if (finding.anchor < cut && finding.end > cut) {
          cut = finding.anchor;
          moved = true;
        }
      }
    }
    if (raw.length - cut <= this.#maxHoldbackChars) return this.#emit(raw, offset, cut, findings);
    return this.#overflow(raw, offset, cut, findings, tails.filter((tail) => tail.anchor === cut));
  }

  #overflow(raw: string, offset: number, cut: number, findings: readonly AnchoredFinding[], tailsAtCut: readonly { recognizer: Recognizer }[]): string {
    const marked = tailsAtCut.find((tail) => tail.recognizer.overflow?.isMarked(raw.slice(cut)) === true)?.recognizer;
    if (marked?.overflow !== undefined) {
      const before = this.#emit(raw, offset, cut, findings);
      const end = marked.overflow.findEnd(raw, cut);
      const entityEnd = end < 0 ? raw.length : end;
      const replaced = replaceEntity(marked.entityType, raw.slice(cut, entityEnd), this.#actions, this.#tally);
      if (end < 0) {
        this.#swallowing = { recognizer: marked, carry: raw.slice(-SWALLOW_CARRY) };
        this.#left = raw.slice(-this.#leftChars);
        this.#held = '';
        return before + replaced;
      }
      this.#advance(raw, cut, entityEnd);
      return before + replaced + this.#drain(false);
    }
    // Nothing held shows the start of an entity: emit it as analysed, keeping half the window.
    let forced = Math.max(cut, raw.length - Math.floor(this.#maxHoldbackChars / 2));
    for (let moved = true; moved; ) {
      moved = false;
      for (const finding of findings) {
        if (finding.anchor < forced && finding.end > forced) {
          forced = finding.end;
          moved = true;
        }
      }
    }
    return this.#emit(raw, offset, forced, findings);
  }

  #swallow(delta: string, state: Swallowing): string {
    const text = state.carry + delta;
    const end = state.recognizer.overflow?.findEnd(text, 0) ?? 0;
    if (end < 0) {
      state.carry = text.slice(-SWALLOW_CARRY);
      return '';
    }
    this.#swallowing = undefined;
    this.#left = text.slice(0, end).slice(-this.#leftChars);
    this.#held = text.slice(end);
    return this.#drain(false);
  }
}
