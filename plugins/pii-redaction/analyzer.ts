import type { ContextPattern } from './context-words.js';
import type { Candidate, CandidateSink, Recognizer } from './recognizer.js';
import { resolveOverlaps, type Finding } from './resolve-overlaps.js';

export type { Finding } from './resolve-overlaps.js';

export interface AnalyzerSettings {
  readonly recognizers: readonly Recognizer[];
  /** Minimum score per entity type; a type with no entry uses `defaultThreshold`. */
  readonly thresholds: ReadonlyMap<string, number>;
  readonly defaultThreshold?: number;
  /** Context words per entity type, compiled by compileContextPattern. */
  readonly contextPatterns: ReadonlyMap<string, ContextPattern>;
  /** How many characters before a candidate are searched for context words. */
  readonly contextWindow: number;
  /** Added to a candidate's score when a context word precedes it. */
  readonly contextBoost?: number;
}

/** A finding that also remembers where its recognizer's match began (the stream redactor's unit). */
export interface AnchoredFinding extends Finding {
  readonly anchor: number;
}

export interface WindowScan {
  /** Findings that pass context and threshold, anchored at or after `from`; overlaps not yet resolved. */
  readonly findings: readonly AnchoredFinding[];
  /** The smallest anchor whose match (kept or refused) read up to the end of the text; text.length if none. */
  readonly unsettledFrom: number;
}

export interface PendingTail {
  readonly anchor: number;
  readonly recognizer: Recognizer;
}

export interface Analyzer {
  /** Every entity in `text`, overlaps resolved, in text order. */
  analyze(text: string): Finding[];
  /** The raw material of `analyze` for a window whose text before `from` is context only. */
  scanWindow(text: string, from: number): WindowScan;
  /** Tails of `text` (anchored at or after `from`) that could still grow into an entity, earliest first. */
  pendingTails(text: string, from: number): readonly PendingTail[];
  /** How much already-emitted text a window needs before `from` (lookbehinds and context windows). */
  readonly leftContextChars: number;
  readonly entityTypes: readonly string[];
}

const DEFAULT_BOOST = 0.35;
const always = (): boolean => true;
const CLAUSE_BREAK = /[.!?;](?=\s)|\n/g;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Context words count only in the candidate's own clause: after the last sentence end, semicolon or
 * line break in the window that still has a word before the candidate. "born 1990-01-01. Visit on
 * 2024-03-05" gives the second date no birth context; "SSN:\n123-45-6789" keeps its label line.
 */
function contextStart(window: string, from: number, limit: number): number {
  let start = from;
  CLAUSE_BREAK.lastIndex = from;
  for (let brk = CLAUSE_BREAK.exec(window); brk !== null && brk.index < limit; brk = CLAUSE_BREAK.exec(window)) {
    const after = brk.index + 1;
    if (WORD_CHARACTER.test(window.slice(after, limit))) start = after;
  }
  return start;
}

export function createAnalyzer(settings: AnalyzerSettings): Analyzer {
  const { recognizers, thresholds, contextPatterns, contextWindow } = settings;
  const defaultThreshold = settings.defaultThreshold ?? 0.5;
  const boost = settings.contextBoost ?? DEFAULT_BOOST;
  const leftContextChars = contextWindow + Math.max(0, ...recognizers.map((recognizer) => recognizer.lookbehind)) + 1;

  /**
   * Whether a context word lies wholly within the `contextWindow` characters before `start`. Word
   * boundaries are judged on the real text (one character either side of the window), so the answer
   * is the same for a stream window as for the whole text.
   */
  function hasContextBefore(entityType: string, text: string, start: number): boolean {
    const pattern = contextPatterns.get(entityType)?.exact;
    if (pattern === undefined) return false;
    const sliceStart = Math.max(0, start - contextWindow - 1);
    const window = text.slice(sliceStart, start + 1);
    const limit = start - sliceStart;
    pattern.lastIndex = contextStart(window, Math.max(0, start - contextWindow) - sliceStart, limit);
    for (;;) {
      const match = pattern.exec(window);
      if (match === null || match.index >= limit) return false;
      if (match.index + match[0].length <= limit) return true;
      pattern.lastIndex = match.index + 1;
    }
  }

  /** A context-only recognizer cannot find anything when none of its words appear near the window at all. */
  function mayFindContext(recognizer: Recognizer, text: string, from: number): boolean {
    if (!recognizer.contextRequired) return true;
    const pattern = contextPatterns.get(recognizer.entityType)?.loose;
    if (pattern === undefined) return false;
    pattern.lastIndex = Math.max(0, from - contextWindow - 1);
    return pattern.test(text);
  }

  // Which recognizers may find anything in the last window asked about: a stream's push asks for the
  // scan and then the tails of the same window, so the context-word searches run once, not twice.
  const active: boolean[] = recognizers.map(() => true);
  let activeText: string | undefined;
  let activeFrom = -1;
  function refreshActive(text: string, from: number): void {
    if (text === activeText && from === activeFrom) return;
    recognizers.forEach((recognizer, index) => {
      active[index] = mayFindContext(recognizer, text, from);
    });
    activeText = text;
    activeFrom = from;
  }

  // One sink per scan (not one per recognizer per scan): the scan's state lives in these variables.
  let scanText = '';
  let scanRecognizer: Recognizer | undefined;
  let settleLimit = 0;
  let findings: AnchoredFinding[] = [];
  let unsettledFrom = 0;
  const sink: CandidateSink = {
    accept(candidate: Candidate) {
      if (candidate.readEnd >= settleLimit && candidate.anchor < unsettledFrom) unsettledFrom = candidate.anchor;
      const hasContext = hasContextBefore(candidate.entityType, scanText, candidate.start);
      if (scanRecognizer?.contextRequired === true && !hasContext) return;
      const score = Math.min(1, candidate.score + (hasContext ? boost : 0));
      if (score < (thresholds.get(candidate.entityType) ?? defaultThreshold)) return;
      findings.push({ entityType: candidate.entityType, anchor: candidate.anchor, start: candidate.start, end: candidate.end, score });
    },
    reject(anchor: number, readEnd: number) {
      if (readEnd >= settleLimit && anchor < unsettledFrom) unsettledFrom = anchor;
    },
  };

  function scanWindow(text: string, from: number): WindowScan {
    scanText = text;
    findings = [];
    unsettledFrom = text.length;
    refreshActive(text, from);
    for (let index = 0; index < recognizers.length; index++) {
      const recognizer = recognizers[index];
      if (recognizer === undefined || active[index] !== true) continue;
      scanRecognizer = recognizer;
      settleLimit = text.length - recognizer.lookahead;
      recognizer.scan(text, from, sink);
    }
    const scan = { findings, unsettledFrom };
    scanText = '';
    scanRecognizer = undefined;
    return scan;
  }

  const NO_TAILS: PendingTail[] = [];
  function pendingTails(text: string, from: number): PendingTail[] {
    let tails: PendingTail[] | undefined;
    refreshActive(text, from);
    for (let index = 0; index < recognizers.length; index++) {
      const recognizer = recognizers[index];
      if (recognizer === undefined || active[index] !== true) continue;
      const accept = recognizer.contextRequired ? (anchor: number) => hasContextBefore(recognizer.entityType, text, anchor) : always;
      const anchor = recognizer.pendingStart(text, from, accept);
      if (anchor >= 0) (tails ??= []).push({ anchor, recognizer });
    }
    return tails === undefined ? NO_TAILS : tails.sort((a, b) => a.anchor - b.anchor);
  }

  return {
    analyze: (text) => resolveOverlaps(scanWindow(text, 0).findings),
    scanWindow,
    pendingTails,
    leftContextChars,
    entityTypes: [...new Set(recognizers.map((recognizer) => recognizer.entityType))],
  };
}
