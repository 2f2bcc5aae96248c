import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayApp } from './app.js';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Readiness → 503, stop accepting, let in-flight requests (streams too) finish, then close. */
  drain(timeoutMs: number): Promise<{ forced: boolean }>;
}

/** The only place the gateway listens. */
export async function startServer(app: GatewayApp, host: string, port: number): Promise<RunningServer> {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, app.callback());
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    async drain(timeoutMs) {
      app.startDraining();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections whose last response (often a stream begun before the drain) has
      // finished would otherwise hold close() open until the timeout.
      server.closeIdleConnections();
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        server.closeAllConnections();
      }, timeoutMs);
      await closed;
      clearInterval(sweeper);
      clearTimeout(timer);
      await app.close();
      return { forced };
    },
  };
}

/** SIGTERM/SIGINT drain once and exit 0; a second signal exits at once. */
export function exitOnSignals(running: RunningServer, timeoutMs: number, log: (msg: string) => void): void {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) process.exit(1);
    draining = true;
    log(`${signal}: draining (up to ${timeoutMs} ms)`);
    running.drain(timeoutMs).then(
      ({ forced }) => {
        log(forced ? 'drain timed out; connections cut' : 'drained');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
