import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Principal } from '../../core/auth/principal.js';
import { forbidden } from '../../core/auth/route-guards.js';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import type { DataPlaneAccess, LeasedPipeline } from '../../core/http/data-plane-access.js';
import type { DataPlaneRoute } from '../../core/http/data-plane-routes.js';
import { resolveRequestId } from '../../core/http/request-id.js';
import { Exchange, type HttpMethod, type JsonObject } from '../../core/pipeline/exchange.js';
import { TransformChain } from '../../core/streams/transform-chain.js';
import { transformJsonResponse } from '../../core/streams/transform-json.js';
import { createEnvoyUpstream, type EnvoyUpstream } from './envoy-upstream-stage.js';
import type { BodySendMode, ProcessingRequest, ProcessingStep } from './processing-request.js';
import { bodyResponse, headersResponse, immediateResponse, jsonAnswer, NO_CHANGES, trailersResponse, type HeaderChanges, type ImmediateAnswer, type ProcessingResponse } from './processing-response.js';
import { recordUsage } from './record-usage.js';
import { SseChunkRelay } from './sse-chunk-relay.js';

/** A message that does not fit where the stream is (a body before its headers …): FAILED_PRECONDITION. */
export class OutOfOrderMessage extends Error {
  override name = 'OutOfOrderMessage';
}

export interface SessionDeps {
  readonly dataPlane: DataPlaneAccess;
  /** Model → host:port, answered as x-semantic-destination-endpoint. */
  readonly endpoints: Readonly<Record<string, string | undefined>>;
  readonly draining: () => boolean;
  readonly logger: Logger;
}

/** Largest request body held while Envoy streams it (Envoy's own buffer limit applies when BUFFERED). */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** Largest upstream JSON answer held to run the response transforms over it. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Largest answer a stage gives as a stream (a cached stream) that is sent as an immediate response. */
const MAX_IMMEDIATE_BYTES = 8 * 1024 * 1024;
/** Headers that are Envoy's to frame, never a stage's to set or copy. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']);

/** The header Envoy's ORIGINAL_DST cluster routes by (examples/envoy/envoy.yaml). */
const DESTINATION = 'x-semantic-destination-endpoint';

type Phase = 'request_headers' | 'request_body' | 'awaiting_response' | 'response_body' | 'done';

interface RequestInFlight {
  readonly x: Exchange;
  readonly abort: AbortController;
  readonly pipeline: LeasedPipeline;
  readonly upstream: EnvoyUpstream;
  readonly run: Promise<void>;
}

interface ResponseInFlight {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Set for an event stream, after the response path ran. */
  relay: SseChunkRelay | undefined;
  /** A JSON answer's chunks until its end. */
  readonly chunks: Buffer[];
  bytes: number;
}

/**
 * One HTTP request as Envoy's ext_proc filter reports it on one gRPC stream: request headers,
 * request body, response headers, response body — each answered with exactly one message. The
 * route's own pipeline runs on it (see envoy-upstream-stage.ts); its effects become mutations.
 */
export class ExtProcSession {
  #phase: Phase = 'request_headers';
  #requestBodyMode: BodySendMode | undefined;
  #responseBodyMode: BodySendMode | undefined;
  #route: DataPlaneRoute | undefined;
  #principal: Principal | undefined;
  #requestHeaders: Record<string, string> = {};
  #method = 'POST';
  #requestId = '';
  #startedAt = performance.now();
  readonly #body: Buffer[] = [];
  #bodyBytes = 0;
  #flight: RequestInFlight | undefined;
  #response: ResponseInFlight | undefined;
  #ended = false;

  constructor(private readonly deps: SessionDeps) {}

  /** The answer to one message (undefined: none is due). Messages must be handled in order. */
  async handle(message: ProcessingRequest): Promise<ProcessingResponse> {
    this.#requestBodyMode ??= message.requestBodyMode;
    this.#responseBodyMode ??= message.responseBodyMode;
    const step = message.step;
    switch (step.kind) {
      case 'request_headers':
        return this.#onRequestHeaders(step.headers, step.endOfStream);
      case 'request_body':
        return this.#onRequestBody(step.body, step.endOfStream);
      case 'response_headers':
        return this.#onResponseHeaders(step.headers, step.endOfStream);
      case 'response_body':
        return this.#onResponseBody(step.body, step.endOfStream);
      case 'request_trailers':
      case 'response_trailers':
        return trailersResponse(step.kind);
    }
  }

  /** The stream ended (Envoy closed it or went away): a request still running is abandoned. */
  close(): void {
    if (this.#phase === 'done') return;
    const flight = this.#flight;
    if (flight !== undefined) {
      const gone = new GatewayError('GW_ERR_REQUEST_ABORTED', 'Envoy closed the ext_proc stream before the response ended.');
      flight.abort.abort(gone);
      flight.upstream.abandon(gone);
      this.#response?.relay?.abort();
    }
    this.#finish('client_gone', 499);
  }

  #expect(phase: Phase, step: ProcessingStep['kind']): void {
    if (this.#phase !== phase) {
      throw new OutOfOrderMessage(`A ${step} message arrived while the stream was at ${this.#phase === 'done' ? 'its end' : this.#phase.replace('_', ' ')}; ext_proc sends request headers, request body, response headers, response body, in that order, one request per stream.`);
    }
  }

  async #onRequestHeaders(headers: Readonly<Record<string, string>>, endOfStream: boolean): Promise<ProcessingResponse> {
    this.#expect('request_headers', 'request_headers');
    this.#startedAt = performance.now();
    this.#requestId = resolveRequestId(headers['x-request-id']);
    const path = (headers[':path'] ?? '').split('?')[0] ?? '';
    const method = headers[':method'] ?? '';
    const route = this.deps.dataPlane.route(path);
    // Dialect routes (Anthropic's /v1/messages) answer in another API than the one they run: the
    // worker behind Envoy would get a body in the wrong API.
    if (route === undefined || route.dialect !== undefined) {
      return this.#refuse(new GatewayError('GW_ERR_REQUEST_ROUTE_NOT_FOUND', `ExtProc serves the gateway's JSON inference routes (/v1/chat/completions, /v1/completions, /v1/embeddings); ${path.slice(0, 200) || 'this path'} is not one. Route other paths around the ext_proc filter in Envoy.`));
    }
    if (!route.methods.some((m: HttpMethod) => m === method)) {
      return this.#refuse(new GatewayError('GW_ERR_REQUEST_METHOD_NOT_ALLOWED', `${route.path} takes ${route.methods.join(', ')}.`, { headers: { allow: route.methods.join(', ') } }));
    }
    if (this.deps.draining()) {
      return this.#refuse(new GatewayError('GW_ERR_GATEWAY_DRAINING', 'The gateway is shutting down; retry the request.', { headers: { 'retry-after': '1' } }));
    }
    try {
      this.#principal = await this.deps.dataPlane.authorize(route, headers);
    } catch (err) {
      return this.#refuse(err);
    }
    this.#route = route;
    this.#method = method;
    this.#requestHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':')));
    this.#phase = 'request_body';
    if (endOfStream) return this.#runRequest(Buffer.alloc(0), false, 'request_headers');
    // Streamed bodies leave the headers as they are now: a client's destination goes already.
    return headersResponse('request_headers', { set: {}, remove: [DESTINATION] });
  }

  async #onRequestBody(chunk: Buffer, endOfStream: boolean): Promise<ProcessingResponse> {
    this.#expect('request_body', 'request_body');
    this.#body.push(chunk);
    this.#bodyBytes += chunk.length;
    const route = this.#route;
    if (route === undefined) throw new OutOfOrderMessage('A request body arrived for a request that was not accepted.');
    if (this.#bodyBytes > MAX_REQUEST_BYTES) {
      return this.#refuse(new GatewayError('GW_ERR_REQUEST_BODY_TOO_LARGE', `Request body exceeds the ${MAX_REQUEST_BYTES}-byte limit of ExtProc.`));
    }
    // BUFFERED sends the whole body in one message (end_of_stream is false only if trailers follow).
    const complete = endOfStream || this.#requestBodyMode === 'BUFFERED' || this.#requestBodyMode === 'BUFFERED_PARTIAL';
    if (!complete) {
      // Streamed: each chunk is held back (cleared) and the whole body, as the stages left it,
      // replaces the last one. Stages judge whole requests, never a prefix.
      return bodyResponse('request_body', NO_CHANGES, { kind: 'clear' });
    }
    return this.#runRequest(Buffer.concat(this.#body), this.#body.length > 1, 'request_body');
  }

  async #runRequest(raw: Buffer, held: boolean, answering: 'request_headers' | 'request_body'): Promise<ProcessingResponse> {
    const route = this.#route;
    const principal = this.#principal;
    if (route === undefined || principal === undefined) throw new OutOfOrderMessage('No accepted request to run.');
    let body: JsonObject;
    try {
      body = this.deps.dataPlane.checkBody(route, raw);
    } catch (err) {
      return this.#refuse(err);
    }
    const model = typeof body['model'] === 'string' ? body['model'] : '';
    if (principal.models !== undefined && !principal.models.has(model)) {
      return this.#refuse(forbidden(`These credentials may not use the model \`${model.slice(0, 256)}\`.`));
    }
    const sent = JSON.stringify(body);
    const abort = new AbortController();
    const request = { method: this.#method, path: route.path, headers: this.#requestHeaders, body, model, stream: route.streamable && body['stream'] === true };
    const x = new Exchange(this.#requestId, route, request, principal, abort.signal, this.#startedAt);
    const upstream = createEnvoyUpstream();
    const pipeline = this.deps.dataPlane.lease(route, upstream.stage);
    const run = pipeline.run(x);
    run.catch(() => undefined); // awaited below; a rejection after the stream ended has no one to tell
    this.#flight = { x, abort, pipeline, upstream, run };
    this.#phase = 'awaiting_response';

    const outcome = await Promise.race([upstream.reached.then(() => 'forward' as const), run.then(() => 'answered' as const, (err: unknown) => ({ err }))]);
    if (outcome === 'answered') return this.#answerFromStage(x);
    if (outcome !== 'forward') return this.#refuse(outcome.err);

    // The request goes on through Envoy: what the stages changed becomes mutations.
    const set: Record<string, string> = {};
    for (const [name, value] of Object.entries(x.upstreamHeaders)) if (!FRAMING.has(name.toLowerCase())) set[name.toLowerCase()] = value;
    const endpoint = this.deps.endpoints[x.request.model];
    // Envoy's ORIGINAL_DST cluster sends the request wherever this header says: only the gateway
    // may say it, so a client's own is removed.
    if (endpoint !== undefined) set[DESTINATION] = endpoint;
    const remove = endpoint === undefined ? [DESTINATION] : [];
    const routing = Object.keys(set).length > 0 || this.#requestHeaders[DESTINATION] !== undefined;
    set['x-request-id'] = this.#requestId;
    const rewritten = JSON.stringify(x.request.body);
    const bodyChanged = rewritten !== sent;
    if (answering === 'request_headers') return headersResponse('request_headers', { set, remove }, routing);
    if (!bodyChanged && !held) return bodyResponse('request_body', { set, remove }, undefined, routing);
    const bytes = bodyChanged ? Buffer.from(rewritten, 'utf8') : raw;
    // Envoy checks a kept content-length against the new body (BUFFERED); streamed, it drops it.
    set['content-length'] = String(bytes.length);
    return bodyResponse('request_body', { set, remove }, { kind: 'replace', body: bytes }, routing);
  }

  /** A stage answered itself (x.respond: a cached answer, a policy's reply): Envoy sends it. */
  async #answerFromStage(x: Exchange): Promise<ProcessingResponse> {
    const response = x.response;
    if (response === undefined) return this.#refuse(new GatewayError('GW_ERR_PIPELINE_NO_RESPONSE', 'The pipeline produced no response.'));
    let answer: ImmediateAnswer;
    if (response.kind === 'stream') {
      const bytes = await readAll(response.body, MAX_IMMEDIATE_BYTES).catch(() => undefined);
      if (bytes === undefined) return this.#refuse(new GatewayError('GW_ERR_INTERNAL', 'A stage answered with a stream ExtProc could not send.'));
      answer = { status: response.status, headers: response.headers, body: bytes, contentType: response.headers['content-type'] ?? 'text/event-stream' };
    } else {
      answer = jsonAnswer(response);
    }
    this.#finish('sent', response.status);
    return immediateResponse(answer, this.#requestId, 'switchyard_stage_answered');
  }

  /** The request is refused (or failed): Envoy answers the client with the gateway's error. */
  #refuse(err: unknown): ProcessingResponse {
    const answer = toOpenAiErrorBody(err);
    if (!(err instanceof GatewayError)) this.deps.logger.error({ request_id: this.#requestId, reason: err instanceof Error ? err.message : String(err) }, 'ExtProc request failed');
    this.#finish('sent', answer.status);
    return immediateResponse(jsonAnswer(answer), this.#requestId, answer.body.error.code ?? 'switchyard_error');
  }

  async #onResponseHeaders(headers: Readonly<Record<string, string>>, endOfStream: boolean): Promise<ProcessingResponse> {
    // Response processing without request processing (the request phase was skipped): nothing to run.
    if (this.#phase === 'request_headers') return headersResponse('response_headers');
    this.#expect('awaiting_response', 'response_headers');
    const flight = this.#flight;
    if (flight === undefined) throw new OutOfOrderMessage('No request is waiting for a response.');
    const status = Number(headers[':status'] ?? '200') || 200;
    const plain = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':') && !FRAMING.has(name)));
    const response: ResponseInFlight = { status, headers: plain, relay: undefined, chunks: [], bytes: 0 };
    this.#response = response;
    this.#phase = 'response_body';
    const eventStream = (plain['content-type'] ?? '').startsWith('text/event-stream');
    if (!eventStream && !endOfStream) {
      // A JSON answer is judged whole, at its last chunk; its length may change by then.
      return headersResponse('response_headers', { set: {}, remove: ['content-length'] });
    }
    const body = Readable.from([]);
    flight.upstream.respond(eventStream ? { kind: 'stream', status, headers: { ...plain }, body } : { kind: 'json', status, headers: { ...plain }, body: null });
    try {
      await flight.run;
    } catch (err) {
      return this.#refuse(err);
    }
    const changes = headerChanges(plain, flight.x.response?.headers ?? plain);
    if (endOfStream) {
      this.#finish('sent', status);
      return headersResponse('response_headers', changes);
    }
    const answer = flight.x.response;
    if (answer !== undefined && answer.kind === 'stream' && answer.body !== body) {
      // A stage wrapped the stream itself (parse-output) instead of asking for a transform: Envoy's
      // chunks reach only the transforms, so its rewrite does not happen here. Said once per request.
      this.deps.logger.warn({ request_id: this.#requestId, route: flight.x.route.path }, 'a stage replaced the response stream; in ExtProc mode only response transforms act on streamed answers');
    }
    response.relay = new SseChunkRelay(new TransformChain([...flight.x.transforms, recordUsage(flight.x)]), (reason) => (flight.x.streamError ??= reason));
    return headersResponse('response_headers', { set: changes.set, remove: [...changes.remove, 'content-length'] });
  }

  async #onResponseBody(chunk: Buffer, endOfStream: boolean): Promise<ProcessingResponse> {
    this.#expect('response_body', 'response_body');
    const flight = this.#flight;
    const response = this.#response;
    if (flight === undefined || response === undefined) throw new OutOfOrderMessage('A response body arrived before its headers.');
    const complete = endOfStream || this.#responseBodyMode === 'BUFFERED' || this.#responseBodyMode === 'BUFFERED_PARTIAL';
    if (response.relay !== undefined) {
      const out = complete ? await response.relay.end(chunk) : await response.relay.push(chunk);
      if (complete) this.#finish('sent', response.status);
      return bodyResponse('response_body', NO_CHANGES, out.equals(chunk) ? undefined : { kind: 'replace', body: out });
    }
    response.chunks.push(chunk);
    response.bytes += chunk.length;
    if (response.bytes > MAX_RESPONSE_BYTES) {
      return this.#refuse(new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The upstream's answer is larger than ${MAX_RESPONSE_BYTES} bytes, more than ExtProc holds to check it.`));
    }
    if (!complete) return bodyResponse('response_body', NO_CHANGES, { kind: 'clear' });
    const raw = Buffer.concat(response.chunks);
    const parsed = parseJson(raw);
    flight.upstream.respond({ kind: 'json', status: response.status, headers: { ...response.headers }, body: parsed });
    let out: unknown = parsed;
    try {
      await flight.run;
      const answer = flight.x.response;
      const chain = new TransformChain([...flight.x.transforms, recordUsage(flight.x)]);
      if (answer !== undefined && answer.kind === 'json' && parsed !== undefined) out = await transformJsonResponse(answer.body, chain);
    } catch (err) {
      return this.#refuse(err);
    }
    const changes = headerChanges(response.headers, flight.x.response?.headers ?? response.headers);
    const bytes = parsed === undefined || JSON.stringify(out) === JSON.stringify(parsed) ? raw : Buffer.from(JSON.stringify(out), 'utf8');
    this.#finish('sent', response.status);
    const held = response.chunks.length > 1;
    return bodyResponse('response_body', changes, held || bytes !== raw ? { kind: 'replace', body: bytes } : undefined);
  }

  #finish(reason: 'sent' | 'client_gone', status: number): void {
    this.#phase = 'done';
    if (this.#ended) return;
    this.#ended = true;
    const flight = this.#flight;
    if (flight === undefined) return;
    flight.pipeline.end(flight.x, { reason, status });
    flight.pipeline.release();
  }
}

/** What the stages changed on the response's headers. */
function headerChanges(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): HeaderChanges {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(after)) {
    const key = name.toLowerCase();
    if (!FRAMING.has(key) && before[key] !== value) set[key] = value;
  }
  const remove = Object.keys(before).filter((name) => !Object.hasOwn(after, name) && !FRAMING.has(name));
  return { set, remove };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buffer.length;
    if (total > limit) throw new Error('too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
