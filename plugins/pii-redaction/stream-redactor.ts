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
  const { analyzer, actions, maxHoldbackChars } = options;
  const leftChars = analyzer.leftContextChars;
  const tally = new EntityTally();
  let left = '';
  let held = '';
  let swallowing: { readonly recognizer: Recognizer; carry: string } | undefined;

  function advance(raw: string, offset: number, cut: number): void {
    left = (left + raw.slice(offset, cut)).slice(-leftChars);
    held = raw.slice(cut);
  }

  function emit(raw: string, offset: number, cut: number, findings: readonly AnchoredFinding[]): string {
    const chosen = resolveOverlaps(findings.filter((finding) => finding.anchor < cut));
    const out = applyEntityActions(raw, offset, cut, chosen, actions, tally);
    advance(raw, offset, cut);
    return out;
  }

  function drain(final: boolean): string {
    const raw = left + held;
    const offset = left.length;
    const { findings, unsettledFrom } = analyzer.scanWindow(raw, offset);
    if (final) return emit(raw, offset, raw.length, findings);
    const tails = analyzer.pendingTails(raw, offset);
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
    if (raw.length - cut <= maxHoldbackChars) return emit(raw, offset, cut, findings);
    return overflow(raw, offset, cut, findings, tails.filter((tail) => tail.anchor === cut));
  }

  function overflow(raw: string, offset: number, cut: number, findings: readonly AnchoredFinding[], tailsAtCut: readonly { recognizer: Recognizer }[]): string {
    const marked = tailsAtCut.find((tail) => tail.recognizer.overflow?.isMarked(raw.slice(cut)) === true)?.recognizer;
    if (marked?.overflow !== undefined) {
      const before = emit(raw, offset, cut, findings);
      const end = marked.overflow.findEnd(raw, cut);
      const entityEnd = end < 0 ? raw.length : end;
      const replaced = replaceEntity(marked.entityType, raw.slice(cut, entityEnd), actions, tally);
      if (end < 0) {
        swallowing = { recognizer: marked, carry: raw.slice(-SWALLOW_CARRY) };
        left = raw.slice(-leftChars);
        held = '';
        return before + replaced;
      }
      advance(raw, cut, entityEnd);
      return before + replaced + drain(false);
    }
    // Nothing held shows the start of an entity: emit it as analysed, keeping half the window.
    let forced = Math.max(cut, raw.length - Math.floor(maxHoldbackChars / 2));
    for (let moved = true; moved; ) {
      moved = false;
      for (const finding of findings) {
        if (finding.anchor < forced && finding.end > forced) {
          forced = finding.end;
          moved = true;
        }
      }
    }
    return emit(raw, offset, forced, findings);
  }

  function swallow(delta: string, state: { readonly recognizer: Recognizer; carry: string }): string {
    const text = state.carry + delta;
    const end = state.recognizer.overflow?.findEnd(text, 0) ?? 0;
    if (end < 0) {
      state.carry = text.slice(-SWALLOW_CARRY);
      return '';
    }
    swallowing = undefined;
    left = text.slice(0, end).slice(-leftChars);
    held = text.slice(end);
    return drain(false);
  }

  return {
    push(delta: string): string {
      if (swallowing !== undefined) return swallow(delta, swallowing);
      if (delta.length === 0) return '';
      held += delta;
      return drain(false);
    },
    flush(): string {
      if (swallowing !== undefined) {
        swallowing = undefined;
        return '';
      }
      const out = drain(true);
      left = '';
      held = '';
      return out;
    },
    counts: () => tally.snapshot(),
    get blocked() {
      return tally.blocked;
    },
  };
}
