/**
 * The contract every recognizer keeps. Candidates are position-local: whether a candidate exists at a
 * given anchor depends only on the text around it (within `lookbehind` before and `lookahead` after
 * what it read), never on earlier matches. That is what lets the stream redactor analyse a window and
 * get exactly what the whole text would give.
 */
export interface Candidate {
  readonly entityType: string;
  /** Where the recognizer's match begins (for an assignment, the key; for most, the entity). */
  readonly anchor: number;
  readonly start: number;
  readonly end: number;
  /** The last index (exclusive) the recognizer read to decide; at least `end`. */
  readonly readEnd: number;
  readonly score: number;
}

export interface CandidateSink {
  accept(candidate: Candidate): void;
  /** A match its validator refused: the decision still depended on text up to `readEnd`. */
  reject(anchor: number, readEnd: number): void;
}

/** What the stream redactor does when an entity outgrows its hold-back window. */
export interface OverflowHandling {
  /** Whether the held text (from the pending anchor) already carries an unmistakable start of this entity. */
  isMarked(held: string): boolean;
  /** Index just past the entity's end in `text` at or after `from`, or -1 while it has not ended. */
  findEnd(text: string, from: number): number;
}

export interface Recognizer {
  readonly name: string;
  readonly entityType: string;
  /** Candidates only count when one of the type's context words precedes them. */
  readonly contextRequired: boolean;
  /** Characters before an anchor the recognizer may read (lookbehind, negative context). */
  readonly lookbehind: number;
  /** Characters after `readEnd` a decision may depend on (trailing lookahead). */
  readonly lookahead: number;
  /** Reports candidates (and refused matches) whose anchor is at or after `from`; earlier text is context only. */
  scan(text: string, from: number, sink: CandidateSink): void;
  /**
   * The earliest anchor at or after `from` where the end of `text` could still grow into a match
   * (a prefix of a match plus its lookahead), for which `accept` holds; -1 when there is none.
   */
  pendingStart(text: string, from: number, accept: (anchor: number) => boolean): number;
  readonly overflow?: OverflowHandling;
}
