/**
 * jco 1.35's bindings size every string they pass into a component with a JavaScript loop over
 * its UTF-16 code units before `TextEncoder.encodeInto` (measured: ~400 µs for a 100 KB input with
 * non-ASCII text, against ~65 µs with Node's native count). The loop is replaced by
 * `Buffer.byteLength`, which counts the same bytes (a lone surrogate as the 3 bytes of U+FFFD, as
 * `encodeInto` writes it); jco's own check that every byte was written stays in place. The text
 * must match exactly — with another jco version the bindings are used as generated.
 */
const SIZING_LOOP = `    let len = 0;
    let codepoints = 0;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      codepoints++;
      if (ch < 0x80) { len += 1; }
      else if (ch < 0x800) { len += 2; }
      else if (ch >= 0xd800 && ch <= 0xdbff &&
      i + 1 < s.length &&
      (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        len += 4;
        i++;
      } else { len += 3; }
    }
`;

// `codepoints` is only reported back to callers that lower UTF-16 strings; the policy world's are UTF-8.
const NATIVE_SIZING = `    const len = Buffer.byteLength(s, 'utf8');
    const codepoints = undefined;
`;

export function withNativeStringSizing(bindings: string): { bindings: string; patched: boolean } {
  const at = bindings.indexOf(SIZING_LOOP);
  if (at < 0 || bindings.indexOf(SIZING_LOOP, at + 1) >= 0) return { bindings, patched: false };
  return { bindings: bindings.slice(0, at) + NATIVE_SIZING + bindings.slice(at + SIZING_LOOP.length), patched: true };
}
