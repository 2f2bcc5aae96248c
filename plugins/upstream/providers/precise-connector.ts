import { buildConnector, errors as undiciErrors } from 'undici';
import type { ConnectLookup } from '../fleet/worker.js';

/**
 * undici runs its connect timeout on a coarse shared clock (a 500 ms setting can fire after
 * ~1 s). This connector enforces `timeoutMs` with a native timer, paid only when a new connection
 * is opened (keep-alive reuse costs nothing), and applies the worker's DNS lookup (the SSRF check
 * for admin-registered workers).
 */
export function createPreciseConnector(timeoutMs: number, lookup: ConnectLookup | undefined): buildConnector.connector {
  // The inner timeout is a backstop only; ours fires first.
  const inner = buildConnector({ timeout: timeoutMs * 2 + 1000, ...(lookup === undefined ? {} : { lookup }) });
  return (options, callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      callback(new undiciErrors.ConnectTimeoutError(`connect timeout after ${timeoutMs} ms`), null);
    }, timeoutMs);
    inner(options, (err, socket) => {
      clearTimeout(timer);
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      if (err !== null) callback(err, null);
      else callback(null, socket);
    });
  };
}
