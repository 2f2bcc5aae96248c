import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GatewayApp } from './app.js';
import { answerClientError } from './http/answer-client-error.js';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Readiness → 503, stop accepting, let in-flight requests (streams too) finish, then close. */
  drain(timeoutMs: number): Promise<{ forced: boolean }>;
}

/** After the drain deadline: how long interrupted streams get to flush their last event. */
const FLUSH_GRACE_MS = 1000;

/** The only place the gateway listens. */
export async function startServer(app: GatewayApp, host: string, port: number): Promise<RunningServer> {
  const limits = app.config.server;
  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      // Slow clients: the headers, then the whole request, must arrive within these; Node checks
      // every connectionsCheckingInterval, so that is kept short for the limits to mean what they say.
      // Node insists the headers' limit is within the whole request's.
      headersTimeout: Math.min(limits.headers_timeout_ms, limits.request_timeout_ms),
      requestTimeout: limits.request_timeout_ms,
      connectionsCheckingInterval: 1000,
    },
    app.callback(),
  );
  server.maxConnections = limits.max_connections;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  server.on('upgrade', app.upgradeListener({ loopbackUrl: loopbackUrlOf(address) }));

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
      let cut: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        forced = true;
        // Streams still running end with an in-band error event (a client must not mistake a cut
        // for a finished answer); whatever is still open after a short flush is cut.
        app.interruptStreams();
        cut = setTimeout(() => server.closeAllConnections(), FLUSH_GRACE_MS);
      }, timeoutMs);
      await closed;
      clearInterval(sweeper);
      clearTimeout(timer);
      clearTimeout(cut);
      await app.close();
      return { forced };
    },
  };
}

/** The listening address as the process itself reaches it: a wildcard host becomes loopback. */
function loopbackUrlOf(address: AddressInfo): string {
  const ipv6 = address.family === 'IPv6';
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? (ipv6 ? '::1' : '127.0.0.1') : address.address;
  return `http://${ipv6 ? `[${host}]` : host}:${address.port}`;
}

/**
 * SIGTERM/SIGINT drain once and exit 0; a second signal exits at once. SIGHUP (which would kill
 * the process by default) is logged and ignored until it has a job.
 */
export function exitOnSignals(running: RunningServer, timeoutMs: number, log: (msg: string) => void, onHangup: () => void = () => log('SIGHUP ignored')): void {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) process.exit(1);
    draining = true;
    log(`${signal}: draining (up to ${timeoutMs} ms)`);
    running.drain(timeoutMs).then(
      ({ forced }) => {
        log(forced ? 'drain timed out; unfinished streams ended with an error event' : 'drained');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onHangup);
}
