import { Client, credentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { loadSync, type AnyDefinition, type ServiceDefinition } from '@grpc/proto-loader';
import { LOADER_OPTIONS } from '../../plugins/extproc/ext-proc-server.js';

/** A message as proto-loader takes and gives it (field names as in the .proto, bytes as Buffer). */
export type Message = Record<string, unknown>;

export interface StreamStatus {
  readonly code: number;
  readonly details: string;
}

const PATH = '/envoy.service.ext_proc.v3.ExternalProcessor/Process';

function isService(definition: AnyDefinition): definition is ServiceDefinition {
  return !('format' in definition);
}

function recordOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

/**
 * One `Process` stream, driven as Envoy's ext_proc filter drives it: send a message, wait for the
 * one answer it is owed. Built on grpc-js's generic client with the vendored protos' own
 * (de)serialisers, so the bytes on the wire are what Envoy would send and read.
 */
export class ExtProcStream {
  readonly #call: ClientDuplexStream<Message, Message>;
  readonly #answers: Message[] = [];
  readonly #waiting: ((m: Message | undefined) => void)[] = [];
  #status: StreamStatus | undefined;
  readonly #ended: Promise<StreamStatus>;

  constructor(client: Client) {
    // Enums as numbers on this side: an HTTP status reads as its code, whatever the enum names it.
    const protos = loadSync('envoy/service/ext_proc/v3/external_processor.proto', { ...LOADER_OPTIONS, enums: Number });
    const service = protos['envoy.service.ext_proc.v3.ExternalProcessor'];
    const method = service !== undefined && isService(service) ? service['Process'] : undefined;
    if (method === undefined) throw new Error('no Process method in the protos');
    const encode = (value: Message): Buffer => method.requestSerialize(value);
    const decode = (bytes: Buffer): Message => recordOf(method.responseDeserialize(bytes));
    this.#call = client.makeBidiStreamRequest<Message, Message>(PATH, encode, decode);
    this.#call.on('data', (message: Message) => {
      const waiter = this.#waiting.shift();
      if (waiter !== undefined) waiter(message);
      else this.#answers.push(message);
    });
    this.#ended = new Promise((resolve) => {
      this.#call.on('error', (err: ServiceError) => {
        this.#status ??= { code: err.code, details: err.details };
      });
      this.#call.on('status', (s: { code: number; details: string }) => {
        this.#status ??= { code: s.code, details: s.details };
        for (const waiter of this.#waiting.splice(0)) waiter(undefined);
        resolve(this.#status);
      });
    });
  }

  /** Sends `message`; resolves with the answer (undefined: the stream ended instead). */
  send(message: Message): Promise<Message | undefined> {
    this.#call.write(message);
    const queued = this.#answers.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#status !== undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Half-closes (Envoy is done with the request) and waits for the status. */
  end(): Promise<StreamStatus> {
    this.#call.end();
    return this.#ended;
  }

  /** The status the server ended the stream with. */
  get ended(): Promise<StreamStatus> {
    return this.#ended;
  }
}

export function extProcClient(address: string): Client {
  return new Client(address, credentials.createInsecure());
}

export function headerMap(headers: Readonly<Record<string, string>>): Message {
  return { headers: Object.entries(headers).map(([key, value]) => ({ key, raw_value: Buffer.from(value, 'latin1') })) };
}

export const requestHeaders = (headers: Readonly<Record<string, string>>, endOfStream = false): Message => ({ request_headers: { headers: headerMap(headers), end_of_stream: endOfStream } });
export const requestBody = (body: string | Buffer, endOfStream = true): Message => ({ request_body: { body: Buffer.from(body), end_of_stream: endOfStream } });
export const responseHeaders = (headers: Readonly<Record<string, string>>, endOfStream = false): Message => ({ response_headers: { headers: headerMap(headers), end_of_stream: endOfStream } });
export const responseBody = (body: string | Buffer, endOfStream = true): Message => ({ response_body: { body: Buffer.from(body), end_of_stream: endOfStream } });

/** The CommonResponse inside an answer to `which` (request_headers, request_body …). */
export function commonOf(answer: Message | undefined, which: string): Record<string, unknown> {
  return recordOf(recordOf(recordOf(answer)[which])['response']);
}

/** Headers a mutation sets, as name → value. */
export function setHeaders(mutation: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = recordOf(mutation)['set_headers'];
  if (!Array.isArray(list)) return out;
  for (const entry of list as unknown[]) {
    const header = recordOf(recordOf(entry)['header']);
    const raw = header['raw_value'];
    if (typeof header['key'] === 'string') out[header['key']] = Buffer.isBuffer(raw) ? raw.toString('latin1') : typeof header['value'] === 'string' ? header['value'] : '';
  }
  return out;
}

/** The replacement body of a CommonResponse (undefined: none; '' : cleared). */
export function mutatedBody(common: Record<string, unknown>): string | undefined {
  const mutation = recordOf(common['body_mutation']);
  if (mutation['clear_body'] === true) return '';
  const body = mutation['body'];
  return Buffer.isBuffer(body) ? body.toString('utf8') : undefined;
}

export interface Immediate {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

export function immediateOf(answer: Message | undefined): Immediate | undefined {
  const immediate = recordOf(answer)['immediate_response'];
  if (immediate === undefined) return undefined;
  const r = recordOf(immediate);
  const body = r['body'];
  return {
    status: Number(recordOf(r['status'])['code']),
    headers: setHeaders(r['headers']),
    body: Buffer.isBuffer(body) ? recordOf(JSON.parse(body.toString('utf8'))) : {},
  };
}
