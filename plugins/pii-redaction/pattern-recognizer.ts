import type { CandidateSink, OverflowHandling, Recognizer } from './recognizer.js';
import { forEachMatch } from './scan-matches.js';
import { findTailStart, type TailPattern } from './tail-pattern.js';

export interface PatternEvaluation {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** A recognizer made of one global regex, a validator/scorer and the regex's tail pattern. */
export interface PatternRecognizerSpec {
  readonly name: string;
  readonly entityType: string;
  readonly contextRequired?: boolean;
  readonly lookbehind: number;
  readonly lookahead: number;
  /** Must carry the `g` flag. */
  readonly pattern: RegExp;
  /**
   * Instead of letting the regex try every position, visits only these anchors (at or after `from`)
   * and tries the pattern there. Must visit every position where `pattern` can match.
   */
  readonly anchors?: (text: string, from: number, visit: (anchor: number) => void) => void;
  /** A cheap test that the text from `from` on could hold a match at all (the no-entity fast path). */
  readonly mayContain?: (text: string, from: number) => boolean;
  /** The entity span and score, or undefined when the validator refuses the match. */
  readonly evaluate: (match: RegExpExecArray, text: string) => PatternEvaluation | undefined;
  readonly tail: TailPattern;
  /** Refines the tail: false when the held text provably cannot become a match. */
  readonly tailCanGrow?: (text: string, anchor: number) => boolean;
  readonly overflow?: OverflowHandling;
}

export function createPatternRecognizer(spec: PatternRecognizerSpec): Recognizer {
  const { pattern, evaluate, mayContain, tail, tailCanGrow, entityType, anchors } = spec;
  if (!pattern.global) throw new Error(`${spec.name}: the scan pattern needs the g flag`);
  const sticky = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}y`);
  const report = (match: RegExpExecArray, text: string, sink: CandidateSink): void => {
    const readEnd = match.index + match[0].length;
    const found = evaluate(match, text);
    if (found === undefined) sink.reject(match.index, readEnd);
    else sink.accept({ entityType, anchor: match.index, start: found.start, end: found.end, readEnd, score: found.score });
  };
  const recognizer: Recognizer = {
    name: spec.name,
    entityType,
    contextRequired: spec.contextRequired ?? false,
    lookbehind: spec.lookbehind,
    lookahead: spec.lookahead,
    scan(text: string, from: number, sink: CandidateSink): void {
      if (mayContain !== undefined && !mayContain(text, from)) return;
      if (anchors === undefined) return forEachMatch(pattern, text, from, (match) => report(match, text, sink));
      anchors(text, from, (anchor) => {
        sticky.lastIndex = anchor;
        const match = sticky.exec(text);
        if (match !== null) report(match, text, sink);
      });
    },
    pendingStart(text: string, from: number, accept: (anchor: number) => boolean): number {
      return findTailStart(tail, text, from, tailCanGrow === undefined ? accept : (anchor) => tailCanGrow(text, anchor) && accept(anchor));
    },
  };
  return spec.overflow === undefined ? recognizer : { ...recognizer, overflow: spec.overflow };
}
