/**
 * The WHATWG SSE parsing rules read literally over a whole input held as a string (latin1, so
 * string offsets are byte offsets): the slow, obvious reference the incremental framer is
 * checked against. Frames come out in the shape of `describeFrame`.
 */
export function parseSseReference(bytes: Buffer, reportComments = false): Record<string, unknown>[] {
  const text = bytes.toString('latin1');
  const utf8 = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('utf8');
  const frames: Record<string, unknown>[] = [];
  let blockStart = 0;
  let data: string[] | undefined;
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  let comments: string[] = [];
  let lastEventId = '';
  let first = true;

  const dispatch = (end: number, terminated: boolean): void => {
    const raw = text.slice(blockStart, end);
    if (data === undefined) frames.push({ kind: 'ignored', raw, id, retry, comments, terminated });
    else frames.push({ kind: 'event', raw, event: event === '' ? undefined : event, data: data.join('\n'), id, lastEventId, retry, comments, terminated });
    blockStart = end;
    data = undefined;
    event = undefined;
    id = undefined;
    retry = undefined;
    comments = [];
  };
  /** Returns whether the line was blank. */
  const processLine = (rawLine: string): boolean => {
    let line = rawLine;
    if (first) {
      first = false;
      if (line.startsWith('\xef\xbb\xbf')) line = line.slice(3);
    }
    if (line === '') return true;
    if (line.startsWith(':')) {
      if (reportComments) comments.push(utf8(line.slice(1).replace(/^ /, '')));
      return false;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') (data ??= []).push(utf8(value));
    else if (name === 'event') event = utf8(value);
    else if (name === 'id' && !value.includes('\0')) {
      id = utf8(value);
      lastEventId = id;
    } else if (name === 'retry' && /^[0-9]+$/.test(value)) retry = Number(value);
    return false;
  };

  const lineEnd = /\r\n|\r|\n/g;
  let pos = 0;
  for (let m = lineEnd.exec(text); m !== null; m = lineEnd.exec(text)) {
    const end = m.index + m[0].length;
    if (processLine(text.slice(pos, m.index))) dispatch(end, true);
    pos = end;
  }
  if (pos < text.length) processLine(text.slice(pos));
  if (blockStart < text.length) dispatch(text.length, false);
  return frames;
}
