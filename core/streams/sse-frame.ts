const LF_BYTES = Buffer.from('\n');
const SPACED_DATA_PREFIX = Buffer.from('data: ');
const SPACE = 0x20;

/**
 * One event the SSE rules dispatch: a block of lines, ended by a blank line, holding at least
 * one `data` line. `raw` is the exact slice of input the block came from, terminator included,
 * so a relay that leaves the event alone can forward the upstream's bytes untouched.
 *
 * Built only by `SseFramer`; `data` is decoded from `raw` on first read, so a relay that only
 * forwards bytes never pays for the string.
 */
export class SseEvent {
  readonly kind = 'event';
  #data: string | undefined;

  /** @internal `dataLines` holds, per data line, four offsets into `raw`: line start, value start, value end, terminator end. */
  constructor(
    readonly raw: Buffer,
    /** The `event:` field; undefined when absent or empty (the SSE default type, "message"). */
    readonly event: string | undefined,
    /** The `id:` field of this block, when it had one. */
    readonly id: string | undefined,
    /** The last event ID in force at dispatch (ids persist across events, per the SSE rules). */
    readonly lastEventId: string,
    readonly retry: number | undefined,
    /** Comment lines of this block (text after `:` minus one space), only when the framer reports them. */
    readonly comments: readonly string[],
    /** False for a block the input ended inside of (no blank line after it); see `SseFramer.end`. */
    readonly terminated: boolean,
    private readonly dataLines: readonly number[],
  ) {}

  /**
   * The first byte of `data` (-1 when it is empty), read from the bytes: a relay can tell a JSON
   * chunk (`{`) from `[DONE]` without decoding or searching the event.
   */
  get firstDataByte(): number {
    const start = this.dataLines[1] ?? 0;
    return start < (this.dataLines[2] ?? 0) ? (this.raw[start] ?? -1) : -1;
  }

  /** The `data` lines' values joined with `\n`. */
  get data(): string {
    if (this.#data === undefined) this.#data = this.#decodeData();
    return this.#data;
  }

  /**
   * The same event's bytes with `data` replaced: every other line (event, id, comments) and the
   * line terminators are kept as they were; only the data lines change. A `\r\n`, `\r` or `\n`
   * inside `data` starts another data line (SSE cannot carry a bare CR in data).
   */
  withData(data: string): Buffer {
    const lines = this.dataLines;
    const [lineStart, valueStart, valueEnd, termEnd] = [lines[0] ?? 0, lines[1] ?? 0, lines[2] ?? 0, lines[3] ?? 0];
    const raw = this.raw;
    const terminator = termEnd > valueEnd ? raw.subarray(valueEnd, termEnd) : LF_BYTES;
    const parts: Buffer[] = [raw.subarray(0, lineStart)];
    // "data" is 4 bytes; "data:" is 5; "data: " is 6. A value starting with a space needs the
    // spaced form, or the parser would take its space for the separator.
    const ownPrefix = raw.subarray(lineStart, valueStart);
    const prefixFor = (value: string): Buffer => (ownPrefix.length === 6 || (ownPrefix.length === 5 && value.charCodeAt(0) !== SPACE) ? ownPrefix : SPACED_DATA_PREFIX);
    const values = data.split(/\r\n|\r|\n/);
    values.forEach((value, i) => {
      if (i > 0) parts.push(terminator);
      parts.push(prefixFor(value), Buffer.from(value, 'utf8'));
    });
    // The first data line's own terminator, then everything after it minus the other data lines.
    let cursor = valueEnd;
    for (let i = 4; i < lines.length; i += 4) {
      parts.push(raw.subarray(cursor, lines[i] ?? cursor));
      cursor = lines[i + 3] ?? cursor;
    }
    parts.push(raw.subarray(cursor));
    return Buffer.concat(parts);
  }

  #decodeData(): string {
    const lines = this.dataLines;
    let data = this.raw.toString('utf8', lines[1], lines[2]);
    for (let i = 4; i < lines.length; i += 4) data += `\n${this.raw.toString('utf8', lines[i + 1], lines[i + 2])}`;
    return data;
  }
}

/**
 * A block the SSE rules do not dispatch: blank lines, comments only (a proxy's keep-alive, e.g.
 * `: ping`), or fields without data. Reported so that a relay can forward its bytes as they came.
 */
export interface SseIgnoredBlock {
  readonly kind: 'ignored';
  readonly raw: Buffer;
  readonly id: string | undefined;
  readonly retry: number | undefined;
  readonly comments: readonly string[];
  readonly terminated: boolean;
}

export type SseFrame = SseEvent | SseIgnoredBlock;
