import { Server, ServerCredentials, status, type ServerDuplexStream, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { ExtProcSession, OutOfOrderMessage, type SessionDeps } from './ext-proc-session.js';
import { MalformedMessage, readProcessingRequest } from './processing-request.js';

/** The vendored ext_proc v3 protos (see protos/README.md). */
export const PROTO_ROOT = join(PACKAGE_ROOT, 'plugins', 'extproc', 'protos');
const SERVICE = 'envoy.service.ext_proc.v3.ExternalProcessor';
/** After the streams were told to end: how long before the connections are cut regardless. */
const FORCE_AFTER_MS = 2000;

/** How the (de)serialisers hand messages over: field names as in the .proto, oneof names, enums by name, bytes as Buffer (the default). */
export const LOADER_OPTIONS: Options = { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: [PROTO_ROOT] };

export function loadExtProcProtos(): PackageDefinition {
  return loadSync('envoy/service/ext_proc/v3/external_processor.proto', LOADER_OPTIONS);
}

function isServiceDefinition(value: unknown): value is ServiceDefinition {
  return value !== null && typeof value === 'object' && 'Process' in value;
}

export interface RunningExtProc {
  /** host:port as bound (the port chosen when 0 was asked for). */
  readonly address: string;
  readonly port: number;
  /** Lets streams in progress finish (up to `graceMs`), then cuts the rest. */
  stop(graceMs: number): Promise<void>;
}

/**
 * The gRPC server Envoy's ext_proc filter talks to: one `Process` stream per HTTP request. Each
 * message is answered in order; what cannot be processed ends the stream with a status that says
 * why (INVALID_ARGUMENT: not an ext_proc message; FAILED_PRECONDITION: out of order).
 */
export async function startExtProcServer(host: string, port: number, deps: SessionDeps): Promise<RunningExtProc> {
  const service = loadExtProcProtos()[SERVICE];
  if (!isServiceDefinition(service)) throw new Error(`The vendored protos lack ${SERVICE}.`);
  const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const open = new Set<ServerDuplexStream<unknown, unknown>>();
  server.addService(service, {
    Process: (call: ServerDuplexStream<unknown, unknown>) => serveStream(call, deps, open),
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, ServerCredentials.createInsecure(), (err, chosen) => (err === null ? resolve(chosen) : reject(err)));
  });
  return {
    address: `${host}:${bound}`,
    port: bound,
    async stop(graceMs) {
      const timers: NodeJS.Timeout[] = [];
      await new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        timers.push(
          setTimeout(() => {
            // Envoy hears UNAVAILABLE and applies its failure_mode_allow; the shutdown above then
            // completes once those statuses are out.
            for (const call of open) call.emit('error', { code: status.UNAVAILABLE, details: 'The gateway is shutting down.' });
            timers.push(
              setTimeout(() => {
                server.forceShutdown();
                resolve();
              }, FORCE_AFTER_MS),
            );
          }, graceMs),
        );
      });
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

function serveStream(call: ServerDuplexStream<unknown, unknown>, deps: SessionDeps, open: Set<ServerDuplexStream<unknown, unknown>>): void {
  open.add(call);
  const session = new ExtProcSession(deps);
  let failed = false;
  // One message at a time, in order: Envoy pairs each answer with the message it sent last.
  let queue: Promise<void> = Promise.resolve();
  const fail = (code: status, details: string): void => {
    if (failed) return;
    failed = true;
    session.close();
    call.emit('error', { code, details });
  };
  call.on('data', (message: unknown) => {
    queue = queue.then(async () => {
      if (failed) return;
      try {
        const request = readProcessingRequest(message);
        const answer = await session.handle(request);
        // Envoy may have given up meanwhile (its message_timeout): nobody to answer.
        if (!request.observabilityMode && !failed && !call.cancelled && call.writable) call.write(answer);
      } catch (err) {
        if (err instanceof MalformedMessage) return fail(status.INVALID_ARGUMENT, err.message);
        if (err instanceof OutOfOrderMessage) return fail(status.FAILED_PRECONDITION, err.message);
        deps.logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'ExtProc stream failed');
        fail(status.INTERNAL, 'Switchyard failed to process the message; see its log.');
      }
    });
  });
  call.on('end', () => {
    void queue.then(() => {
      session.close();
      if (!failed) call.end();
    });
  });
  call.on('cancelled', () => session.close());
  call.on('close', () => {
    open.delete(call);
    session.close();
  });
  call.on('error', () => session.close());
}
