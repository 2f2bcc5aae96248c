// Switchyard policy SDK for AssemblyScript, on @extism/as-pdk.
//
// A policy exports `on_request` and/or `on_response`; each reads the request as JSON text with
// `readInput()` and answers with one of `proceed()`, `modifyBody(json)` or `reject(status, reason)`.
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

function answer(json: string): i32 {
  // as-pdk 1.0.0's Host.outputString writes UTF-8 into a UTF-16-sized block, which breaks
  // non-ASCII output (DESIGN §3): encode explicitly instead.
  Host.output(Uint8Array.wrap(String.UTF8.encode(json)));
  return 0;
}

/** For `asc --use abort=...`: a policy must not print or exit the host. */
export function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {}
