import { SseEvent, type SseFrame } from './sse-frame.js';

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const NO_COMMENTS: readonly string[] = Object.freeze([]);

/** 8 MiB: far above any chat chunk, yet a runaway upstream line cannot take the process's memory. */
export const DEFAULT_MAX_SSE_EVENT_BYTES = 8 * 1024 * 1024;

export class SseEventTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`an SSE event exceeds ${limitBytes} bytes`);
    this.name = 'SseEventTooLargeError';
  }
}

export interface SseFramerOptions {
  /** Largest block (its raw bytes, terminator included) before the framer stops with `SseEventTooLargeError`. */
  readonly maxEventBytes?: number;
  /** Collect comment lines' text into `comments` (they are ignored otherwise; their bytes are always in `raw`). */
  readonly reportComments?: boolean;
  /** Called synchronously, in input order, for every block: dispatched events and ignored blocks. */
  readonly onFrame: (frame: SseFrame) => void;
}

/**
 * Incremental SSE framing per the WHATWG parsing rules: bytes in, blocks out. Lines end with
 * CRLF, LF or CR (a CR ending one chunk and an LF starting the next are one line end); an event
 * is dispatched at a blank line. Every input byte lands in exactly one frame's `raw`, so the
 * frames' raws laid end to end are the input.
 *
 * Work is linear in the input: each chunk is scanned once from where the last one stopped; a
 * block that fits in one chunk is a zero-copy slice of it, and only a block spanning chunks is
 * copied (once, into a buffer that grows by doubling) — never the whole pending input per chunk.
 *
 * A blank line ended by a CR at the very end of a chunk is held until the next byte (or `end()`)
 * shows whether an LF follows, so that `raw` is the same however the input was split.
 */
export class SseFramer {
  readonly #maxEventBytes: number;
  readonly #reportComments: boolean;
  readonly #onFrame: (frame: SseFrame) => void;

  /** The current block's bytes from earlier chunks (capacity may exceed `#carryLength`). */
  #carry: Buffer | undefined;
  #carryLength = 0;
  /** Offset in the current block where its unfinished line starts. */
  #lineStart = 0;
  /** The last byte seen was a CR ending a line: an LF next belongs to that line end. */
  #skipLf = false;
  /** The block in `#carry` ended with a blank line whose CR was the last byte seen. */
  #awaitingLf = false;
  #firstLine = true;
  #lastLineWasData = false;
  #failure: Error | undefined;
  #ended = false;
  #lastEventId = '';

  // The current block's fields; offsets are relative to the block's first byte.
  #dataLines: number[] | undefined;
  #event: string | undefined;
  #id: string | undefined;
  #retry: number | undefined;
  #comments: string[] | undefined;

  constructor(options: SseFramerOptions) {
    const max = options.maxEventBytes ?? DEFAULT_MAX_SSE_EVENT_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxEventBytes must be a positive integer, not ${max}`);
    this.#maxEventBytes = max;
    this.#reportComments = options.reportComments ?? false;
    this.#onFrame = options.onFrame;
  }

  /** Frames what `chunk` completes. Throws `SseEventTooLargeError` (then and on every later call) once a block passes the limit. */
  push(chunk: Buffer): void {
    this.#checkUsable();
    try {
      this.#scan(chunk);
    } catch (err) {
      this.#failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  }

  /**
   * The input ended. A block still open (no blank line after it, or not even a line end) is
   * framed with `terminated: false`; the SSE rules would discard it, a relay may prefer not to.
   */
  end(): void {
    this.#checkUsable();
    this.#ended = true;
    try {
      if (this.#awaitingLf) {
        this.#awaitingLf = false;
        this.#dispatch(this.#takeCarry(), true);
        return;
      }
      if (this.#carryLength === 0) return;
      const carry = this.#carry;
      if (carry !== undefined && this.#lineStart < this.#carryLength) this.#parseLine(carry, this.#lineStart, this.#carryLength, this.#carryLength, 0);
      this.#dispatch(this.#takeCarry(), false);
    } catch (err) {
      this.#failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  }

  #checkUsable(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#ended) throw new Error('the SSE framer has ended');
  }

  #scan(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    let p = 0;
    if (this.#skipLf) {
      this.#skipLf = false;
      if (chunk[0] === LF) {
        p = 1;
        // The LF belongs to the previous line's end: a data line's recorded end moves past it.
        const lines = this.#dataLines;
        if (this.#lastLineWasData && lines !== undefined) lines[lines.length - 1] = (lines[lines.length - 1] ?? 0) + 1;
      }
    }
    if (this.#awaitingLf) {
      this.#awaitingLf = false;
      this.#appendCarry(chunk, 0, p);
      this.#dispatch(this.#takeCarry(), true);
    }

    // The current block either continues from earlier chunks (`carried`: chunk position q is
    // block offset base + q, and chunk[0, appended) is already in the carry) or starts in this
    // chunk at `blockStart` (block offset of q is q - blockStart).
    let carried = this.#carryLength > 0;
    let blockStart = carried ? 0 : p;
    let base = carried ? this.#carryLength : -p;
    let appended = 0;
    /** Chunk position of the unfinished line's start; negative when it started in the carry. */
    // (After a skipped LF the line starts past it; the CR before it had ended the carried line.)
    let lineStart = carried && p === 0 ? this.#lineStart - base : p;
    let crAtEnd = false;

    // Next LF and CR at or after p: -2 is "not searched yet", -1 "none left in this chunk".
    // Each is searched again only once passed, so the chunk is scanned once for each byte value.
    let lf = -2;
    let cr = -2;
    while (p < n) {
      let eol: number;
      const first = chunk[p];
      if (first === LF || first === CR) {
        // A line end right away (a blank line, most often): no search needed.
        eol = p;
      } else {
        if (lf !== -1 && lf < p) lf = chunk.indexOf(LF, p);
        if (cr !== -1 && cr < p) cr = chunk.indexOf(CR, p);
        eol = lf === -1 ? cr : cr === -1 ? lf : lf < cr ? lf : cr;
        if (eol === -1) break;
      }
      let termEnd = eol + 1;
      crAtEnd = false;
      if (chunk[eol] === CR) {
        if (termEnd < n) {
          if (chunk[termEnd] === LF) termEnd += 1;
        } else crAtEnd = true;
      }

      let blank: boolean;
      if (lineStart < 0) {
        // The line began in an earlier chunk: make it whole in the carry, then read it there.
        this.#appendCarry(chunk, appended, termEnd);
        appended = termEnd;
        blank = this.#parseLine(this.#carry!, lineStart + base, eol + base, termEnd + base, 0);
      } else {
        blank = this.#parseLine(chunk, lineStart, eol, termEnd, base);
      }

      if (blank) {
        if (crAtEnd) {
          // An LF may follow in the next chunk and belongs to this block's raw bytes.
          if (carried) this.#appendCarry(chunk, appended, n);
          else this.#startCarry(chunk, blockStart, n);
          this.#awaitingLf = true;
          this.#skipLf = true;
          this.#lineStart = 0;
          return;
        }
        let raw: Buffer;
        if (carried) {
          this.#appendCarry(chunk, appended, termEnd);
          raw = this.#takeCarry();
          carried = false;
        } else {
          if (termEnd - blockStart > this.#maxEventBytes) throw new SseEventTooLargeError(this.#maxEventBytes);
          // Upstreams mostly write one event per chunk: then the chunk itself is the event (a view costs ~700 instructions).
          raw = blockStart === 0 && termEnd === n ? chunk : chunk.subarray(blockStart, termEnd);
        }
        blockStart = termEnd;
        base = -termEnd;
        this.#dispatch(raw, true);
      }
      p = termEnd;
      lineStart = termEnd;
    }

    if (carried) this.#appendCarry(chunk, appended, n);
    else if (blockStart < n) this.#startCarry(chunk, blockStart, n);
    this.#lineStart = lineStart + base;
    this.#skipLf = crAtEnd;
  }

  /**
   * Reads one line (`buf[start, end)`, its line end up to `termEnd`; `offset` maps positions in
   * `buf` to offsets in the block) into the block's fields. Returns whether it was blank.
   */
  #parseLine(buf: Buffer, start: number, end: number, termEnd: number, offset: number): boolean {
    let s = start;
    if (this.#firstLine) {
      this.#firstLine = false;
      // A UTF-8 byte order mark opening the stream is not part of the first line.
      if (end - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    }
    this.#lastLineWasData = false;
    if (s === end) return true;
    if (buf[s] === COLON) {
      if (this.#reportComments) (this.#comments ??= []).push(buf.toString('utf8', s + 1 < end && buf[s + 1] === SPACE ? s + 2 : s + 1, end));
      return false;
    }
    let colon = s;
    while (colon < end && buf[colon] !== COLON) colon += 1;
    let valueStart = end;
    if (colon < end) {
      valueStart = colon + 1;
      if (valueStart < end && buf[valueStart] === SPACE) valueStart += 1;
    }
    const nameLength = colon - s;
    const c0 = buf[s];
    if (nameLength === 4 && c0 === 0x64 && buf[s + 1] === 0x61 && buf[s + 2] === 0x74 && buf[s + 3] === 0x61) {
      // "data"
      if (this.#dataLines === undefined) this.#dataLines = [s + offset, valueStart + offset, end + offset, termEnd + offset];
      else this.#dataLines.push(s + offset, valueStart + offset, end + offset, termEnd + offset);
      this.#lastLineWasData = true;
    } else if (nameLength === 5 && c0 === 0x65 && buf.toString('latin1', s, colon) === 'event') {
      this.#event = buf.toString('utf8', valueStart, end);
    } else if (nameLength === 2 && c0 === 0x69 && buf[s + 1] === 0x64) {
      // "id": a value holding NUL is ignored, per the SSE rules.
      const id = buf.toString('utf8', valueStart, end);
      if (!id.includes('\0')) {
        this.#id = id;
        this.#lastEventId = id;
      }
    } else if (nameLength === 5 && c0 === 0x72 && buf.toString('latin1', s, colon) === 'retry') {
      const value = buf.toString('latin1', valueStart, end);
      if (/^[0-9]+$/.test(value)) this.#retry = Number(value);
    }
    return false;
  }

  #dispatch(raw: Buffer, terminated: boolean): void {
    const dataLines = this.#dataLines;
    const comments = this.#comments ?? NO_COMMENTS;
    const frame: SseFrame =
      dataLines === undefined
        ? { kind: 'ignored', raw, id: this.#id, retry: this.#retry, comments, terminated }
        : new SseEvent(raw, this.#event === '' ? undefined : this.#event, this.#id, this.#lastEventId, this.#retry, comments, terminated, dataLines);
    this.#dataLines = undefined;
    this.#event = undefined;
    this.#id = undefined;
    this.#retry = undefined;
    this.#comments = undefined;
    this.#lastLineWasData = false;
    this.#onFrame(frame);
  }

  #startCarry(chunk: Buffer, from: number, to: number): void {
    const length = to - from;
    if (length > this.#maxEventBytes) throw new SseEventTooLargeError(this.#maxEventBytes);
    const carry = Buffer.allocUnsafe(Math.min(Math.max(length * 2, 1024), this.#maxEventBytes));
    chunk.copy(carry, 0, from, to);
    this.#carry = carry;
    this.#carryLength = length;
  }

  #appendCarry(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const length = this.#carryLength + (to - from);
    if (length > this.#maxEventBytes) throw new SseEventTooLargeError(this.#maxEventBytes);
    let carry = this.#carry;
    if (carry === undefined || carry.length < length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(length, (carry?.length ?? 512) * 2), this.#maxEventBytes));
      carry?.copy(grown, 0, 0, this.#carryLength);
      carry = grown;
      this.#carry = grown;
    }
    chunk.copy(carry, this.#carryLength, from, to);
    this.#carryLength = length;
  }

  /** The carried block's bytes, handed over: the next block gets a buffer of its own. */
  #takeCarry(): Buffer {
    const raw = this.#carry === undefined ? Buffer.alloc(0) : this.#carry.subarray(0, this.#carryLength);
    this.#carry = undefined;
    this.#carryLength = 0;
    this.#lineStart = 0;
    return raw;
  }
}
