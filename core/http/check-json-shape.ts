import { GatewayError } from '../errors/gateway-error.js';

export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth: number;
  /** Objects and arrays in the whole document (what costs memory when parsed). */
  readonly maxContainers: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Refuses a JSON body whose shape would cost far more to parse than its size suggests, before
 * JSON.parse sees it: 32 MiB of `[{},{},…]` is ten million objects (gigabytes of heap and seconds
 * of event-loop stall), and a few thousand levels of nesting overflow the stack of anything that
 * walks the value recursively (JSON.stringify included). One linear pass over the bytes, skipping
 * strings; stops at the first limit passed.
 */
export function checkJsonShape(body: Buffer, limits: JsonShapeLimits, what = 'Request body'): void {
  let depth = 0;
  let containers = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte === QUOTE) {
      // Strings are most of a chat body's bytes: jump to their end with a native search.
      i = stringEnd(body, i + 1);
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      containers += 1;
      if (depth > limits.maxDepth) {
        throw new GatewayError('GW_ERR_REQUEST_JSON_TOO_COMPLEX', `${what} nests deeper than ${limits.maxDepth} levels.`);
      }
      if (containers > limits.maxContainers) {
        throw new GatewayError('GW_ERR_REQUEST_JSON_TOO_COMPLEX', `${what} has more than ${limits.maxContainers} objects and arrays.`);
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
}

/** Where the string whose content starts at `from` closes (its quote), or the end of the body. */
function stringEnd(body: Buffer, from: number): number {
  let quote = body.indexOf(QUOTE, from);
  while (quote !== -1) {
    // A quote after an odd run of backslashes is escaped and does not close the string.
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === BACKSLASH && quote - 1 - backslashes >= from) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = body.indexOf(QUOTE, quote + 1);
  }
  return body.length;
}
