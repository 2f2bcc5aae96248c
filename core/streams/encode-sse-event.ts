export interface SseEventFields {
  readonly event?: string;
  readonly data: string;
  readonly id?: string;
  readonly retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * One SSE event's bytes, LF line ends, ended by a blank line. Multi-line data becomes several
 * `data:` lines (a `\r\n` or `\r` in data comes back as `\n`: SSE has no way to carry it).
 * An event name or id holding a line break would split the event, so it is refused.
 */
export function encodeSseEvent(fields: SseEventFields): Buffer {
  let text = '';
  if (fields.event !== undefined) text += `event: ${checkSingleLine('event', fields.event)}\n`;
  if (fields.id !== undefined) text += `id: ${checkSingleLine('id', fields.id)}\n`;
  if (fields.retry !== undefined) {
    if (!Number.isSafeInteger(fields.retry) || fields.retry < 0) throw new RangeError(`SSE retry must be a non-negative integer, not ${fields.retry}`);
    text += `retry: ${fields.retry}\n`;
  }
  for (const line of fields.data.split(LINE_BREAK)) text += `data: ${line}\n`;
  return Buffer.from(`${text}\n`, 'utf8');
}

/** A comment line (`: text`), e.g. a keep-alive; a line break in `text` starts another comment line. */
export function encodeSseComment(text: string): Buffer {
  return Buffer.from(`${text
    .split(LINE_BREAK)
    .map((line) => `: ${line}\n`)
    .join('')}\n`, 'utf8');
}

function checkSingleLine(field: string, value: string): string {
  if (LINE_BREAK.test(value)) throw new RangeError(`an SSE ${field} cannot hold a line break`);
  if (field === 'id' && value.includes('\0')) throw new RangeError('an SSE id cannot hold NUL (readers ignore it)');
  return value;
}
