import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayAddress, UpgradeRoute } from '../plugin-contract.js';

export type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Answers a refused upgrade with a plain HTTP response and drops the connection. */
function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { message, type: status === 404 ? 'not_found_error' : 'server_error', code: null, param: null } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * The server's `upgrade` event, routed by path to the plugin that serves it. Without a listener
 * Node would drop every upgrade silently; with one, a path nobody serves gets a 404, and a
 * draining gateway a 503 (new long-lived sockets would only hold the drain up).
 */
export function dispatchUpgrades(routes: readonly UpgradeRoute[], address: GatewayAddress, draining: () => boolean): UpgradeListener {
  const byPath = new Map<string, UpgradeRoute>();
  for (const route of routes) {
    if (byPath.has(route.path)) throw new Error(`Two plugins serve upgrades on ${route.path}.`);
    byPath.set(route.path, route);
  }
  return (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    const route = byPath.get(path);
    if (route === undefined) return refuse(socket, 404, 'Not Found', `No upgrade route at ${path.slice(0, 256)}.`);
    if (draining()) return refuse(socket, 503, 'Service Unavailable', 'The gateway is shutting down; reconnect to another instance.');
    route.handle(request, socket, head, address);
  };
}
