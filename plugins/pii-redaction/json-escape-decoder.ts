/**
 * JSON text (tool-call arguments) with its needless escapes written out: `\uXXXX` of a printable
 * ASCII character other than `"` and `\` (`jane\u0040example.com`) and `\/` become the character,
 * so a recognizer scanning the text sees the value the JSON holds. The result is the same JSON
 * value: those escapes only occur inside strings, and the characters they stand for need none.
 * `\"`, `\\`, `\n` and other control escapes, and non-ASCII ones, are kept as written.
 */
export function decodeJsonEscapes(text: string): string {
  if (text.indexOf('\\') === -1) return text;
  const { out, pending } = decode(text);
  return out + pending;
}

/**
 * The same for JSON text arriving in fragments: an escape split across fragments (`jane\u00` +
 * `40example.com`) is held back (at most five characters) until it is complete.
 */
export class JsonEscapeDecoder {
  #pending = '';

  push(fragment: string): string {
    if (this.#pending === '' && fragment.indexOf('\\') === -1) return fragment;
    const { out, pending } = decode(this.#pending + fragment);
    this.#pending = pending;
    return out;
  }

  /** What is still held: an escape the text ended inside of, as written. */
  flush(): string {
    const out = this.#pending;
    this.#pending = '';
    return out;
  }
}

const HEX4 = /^[0-9a-fA-F]{4}$/;

/** `out`: the decoded text up to `pending`, an incomplete escape at the very end (or ''). */
function decode(text: string): { out: string; pending: string } {
  let out = '';
  let from = 0;
  let at = text.indexOf('\\');
  while (at !== -1) {
    const next = text[at + 1];
    if (next === undefined) return { out: out + text.slice(from, at), pending: text.slice(at) };
    if (next === '/') {
      out += `${text.slice(from, at)}/`;
      from = at + 2;
    } else if (next === 'u') {
      if (text.length < at + 6) {
        // `\u` plus fewer than four characters at the end: complete only if all of them are hex.
        if (/^[0-9a-fA-F]*$/.test(text.slice(at + 2))) return { out: out + text.slice(from, at), pending: text.slice(at) };
      } else {
        const hex = text.slice(at + 2, at + 6);
        const code = HEX4.test(hex) ? Number.parseInt(hex, 16) : -1;
        if (code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c) {
          out += text.slice(from, at) + String.fromCharCode(code);
          from = at + 6;
        }
      }
    }
    // Every other escape (\" \\ \n …) is kept: skip both characters so `\\u0040` stays literal text.
    at = text.indexOf('\\', Math.max(from, at + 2));
  }
  return { out: out + text.slice(from), pending: '' };
}
