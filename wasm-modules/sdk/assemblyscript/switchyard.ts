// Switchyard policy SDK for AssemblyScript, on @extism/as-pdk.
//
// A policy exports `on_request`, `on_response`, `on_stream_chunk` and/or `on_error`; each reads the
// input as JSON text with `readInput()`, picks fields with `field()` and its config with
// `configString()` / `configInt()` / `configBool()`, and answers with one of `proceed()`,
// `modifyBody(json)` or `reject(status, reason)`.
import { Host } from '@extism/as-pdk';

/** The whole input JSON: {phase, route, method, path, headers, body, request_id, now_ms, config}. */
export function readInput(): string {
  return Host.inputString();
}

/** Let the request (or response) through unchanged. */
export function proceed(): i32 {
  return answer('{"action":"continue"}');
}

/** Replace the body with `bodyJson` (a JSON object, as text). */
export function modifyBody(bodyJson: string): i32 {
  return answer('{"action":"modify","body":' + bodyJson + '}');
}

/** Refuse with an HTTP status (400–599) and a reason the client sees. */
export function reject(status: i32, reason: string): i32 {
  return answer('{"action":"reject","status":' + status.toString() + ',"reason":' + quote(reason) + '}');
}

/** A JSON string literal for `text`. */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x22) out += '\\"';
    else if (c == 0x5c) out += '\\\\';
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += String.fromCharCode(c);
  }
  return out + '"';
}

/**
 * The raw JSON text of `key`'s value among the top-level members of the object `json`, or null.
 * Nested objects and strings are skipped whole, so a body or header can never shadow a field of
 * the input. `field(input, 'body')`, then `field(body, 'messages')` walks down.
 */
export function field(json: string, key: string): string | null {
  let at = skipSpace(json, 0);
  if (at >= json.length || json.charCodeAt(at) != 0x7b) return null;
  at++;
  while (true) {
    at = skipSpace(json, at);
    if (at >= json.length || json.charCodeAt(at) != 0x22) return null;
    const keyEnd = valueEnd(json, at);
    if (keyEnd < 0) return null;
    const name = json.substring(at + 1, keyEnd - 1);
    at = skipSpace(json, keyEnd);
    if (at >= json.length || json.charCodeAt(at) != 0x3a) return null;
    const start = skipSpace(json, at + 1);
    const end = valueEnd(json, start);
    if (end < 0) return null;
    if (name == key) return json.substring(start, end);
    at = skipSpace(json, end);
    if (at >= json.length || json.charCodeAt(at) != 0x2c) return null;
    at++;
  }
}

/** A string in the policy's `config` (registration and route config merged), or `fallback`. */
export function configString(input: string, key: string, fallback: string): string {
  const raw = configField(input, key);
  if (raw == null) return fallback;
  const text = unquote(raw);
  return text == null ? fallback : text;
}

/** An integer in the policy's `config`, or `fallback` when absent or not an integer. */
export function configInt(input: string, key: string, fallback: i64): i64 {
  const raw = configField(input, key);
  if (raw == null || raw.length == 0) return fallback;
  let value: i64 = 0;
  let sign: i64 = 1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (i == 0 && c == 0x2d) sign = -1;
    else if (c >= 0x30 && c <= 0x39) value = value * 10 + (c - 0x30);
    else return fallback;
  }
  return sign * value;
}

/** A boolean in the policy's `config`, or `fallback` when absent or not a boolean. */
export function configBool(input: string, key: string, fallback: bool): bool {
  const raw = configField(input, key);
  if (raw == 'true') return true;
  if (raw == 'false') return false;
  return fallback;
}

/** A JSON string literal's text, unescaped; null when `literal` is not a string. */
export function unquote(literal: string): string | null {
  if (literal.length < 2 || literal.charCodeAt(0) != 0x22 || literal.charCodeAt(literal.length - 1) != 0x22) return null;
  const parts = new Array<string>();
  let copied = 1;
  let i = 1;
  const end = literal.length - 1;
  while (i < end) {
    if (literal.charCodeAt(i) != 0x5c) {
      i++;
      continue;
    }
    parts.push(literal.substring(copied, i));
    const e = literal.charCodeAt(i + 1);
    if (e == 0x6e) parts.push('\n');
    else if (e == 0x74) parts.push('\t');
    else if (e == 0x72) parts.push('\r');
    else if (e == 0x62) parts.push('\b');
    else if (e == 0x66) parts.push('\f');
    else if (e == 0x75) {
      // JSON's \uXXXX is a UTF-16 code unit, which is what an AssemblyScript string holds.
      parts.push(String.fromCharCode(<i32>parseInt(literal.substring(i + 2, i + 6), 16)));
      i += 4;
    } else parts.push(String.fromCharCode(e));
    i += 2;
    copied = i;
  }
  parts.push(literal.substring(copied, end));
  return parts.join('');
}

function configField(input: string, key: string): string | null {
  const config = field(input, 'config');
  return config == null ? null : field(config, key);
}

function skipSpace(json: string, at: i32): i32 {
  while (at < json.length) {
    const c = json.charCodeAt(at);
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
    at++;
  }
  return at;
}

/** Where the JSON value starting at `start` ends (exclusive), or -1. */
function valueEnd(json: string, start: i32): i32 {
  if (start >= json.length) return -1;
  const first = json.charCodeAt(start);
  if (first == 0x22) {
    let at = start + 1;
    while (at < json.length) {
      const c = json.charCodeAt(at);
      if (c == 0x5c) at += 2;
      else if (c == 0x22) return at + 1;
      else at++;
    }
    return -1;
  }
  if (first == 0x7b || first == 0x5b) {
    let depth = 0;
    let at = start;
    while (at < json.length) {
      const c = json.charCodeAt(at);
      if (c == 0x22) {
        at = valueEnd(json, at);
        if (at < 0) return -1;
        continue;
      }
      if (c == 0x7b || c == 0x5b) depth++;
      else if (c == 0x7d || c == 0x5d) {
        depth--;
        if (depth == 0) return at + 1;
      }
      at++;
    }
    return -1;
  }
  let at = start;
  while (at < json.length) {
    const c = json.charCodeAt(at);
    if (c == 0x2c || c == 0x7d || c == 0x5d || c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) break;
    at++;
  }
  return at == start ? -1 : at;
}

function answer(json: string): i32 {
  // as-pdk 1.0.0's Host.outputString writes UTF-8 into a UTF-16-sized block, which breaks
  // non-ASCII output (DESIGN §3): encode explicitly instead.
  Host.output(Uint8Array.wrap(String.UTF8.encode(json)));
  return 0;
}

/** For `asc --use abort=...`: a policy must not print or exit the host. */
export function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {}
