import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

interface Cue {
  /** Streams stop after this many chunks until `gate` resolves. */
  holdAfterChunks?: { count: number; gate: Promise<void> };
  status?: { code: number; remaining: number; body: unknown; headers: Record<string, string> };
  firstByteDelayMs: number;
  chunkDelayMs: number;
  dropAfterChunks: number | undefined;
  endWithoutDone: boolean;
  /** Send an event whose data is not JSON after this many chunks. */
  malformedAfterChunks?: number;
}

/**
 * An OpenAI-compatible worker for tests: it records what it was sent and misbehaves on cue
 * (status X for the next K requests, delay before the first byte, delay between chunks, drop the
 * connection after N chunks, end a stream without [DONE]).
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose client (the gateway) went away before the fake finished answering. */
  abortedRequests = 0;
  models = ['fake-model'];
  /** Extra fields each /v1/models entry carries, by model id (vLLM's max_model_len …). */
  modelFields: Record<string, Record<string, unknown>> = {};
  /** What GET /health answers: 200 or 503. */
  healthy = true;
  /** When set, GET /health answers 302 to this location. */
  healthRedirect: string | undefined;
  /** A worker that ignores `stream_options.include_usage`: its streams never carry usage. */
  ignoreStreamUsage = false;
  /** When set, usage reports this many of the 7 prompt tokens as cached (prompt_tokens_details). */
  cachedPromptTokens: number | undefined;
  replyWords = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];
  /**
   * Chat answers that call tools, on cue: each chat request takes the next entry and answers
   * with those tool calls (`finish_reason: "tool_calls"`, streamed or not); with none left, text as usual.
   */
  readonly toolCallReplies: { name: string; arguments: string; fragments?: readonly string[] }[][] = [];
  /** Answer the first cued tool call as the deprecated single `function_call` (finish_reason "function_call"). */
  legacyFunctionCall = false;
  /** When set, POST /v1/embeddings answers this vector for the (first) input; else [0.1, 0.2, 0.3]. */
  embeddingOf: ((input: string) => number[]) | undefined;
  /** When set, a non-stream POST /v1/responses answers this body (else it echoes like other paths). */
  responsesReply: unknown;
  /** When set, a streamed POST /v1/responses answers these events (each `{type, …}`, its type as the SSE event name). */
  responsesStreamEvents: Record<string, unknown>[] | undefined;
  #cue: Cue = FakeUpstream.#calm();
  /** Per-model failures (this model's requests answer `code`; other models are unaffected). */
  readonly #failingModels = new Map<string, { code: number; remaining: number }>();
  #server: Server | undefined;
  url = '';

  /** `record: false` keeps memory flat under load (the bench). */
  constructor(private readonly options: { record?: boolean } = {}) {}

  static #calm(): Cue {
    return { firstByteDelayMs: 0, chunkDelayMs: 0, dropAfterChunks: undefined, endWithoutDone: false };
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.requests.length = 0;
    this.abortedRequests = 0;
    this.healthy = true;
    this.healthRedirect = undefined;
    this.cachedPromptTokens = undefined;
    this.ignoreStreamUsage = false;
    this.#cue = FakeUpstream.#calm();
    this.#failingModels.clear();
    this.toolCallReplies.length = 0;
    this.responsesReply = undefined;
    this.embeddingOf = undefined;
    this.responsesStreamEvents = undefined;
    this.legacyFunctionCall = false;
  }

  failModel(model: string, code: number, times = 1): void {
    this.#failingModels.set(model, { code, remaining: times });
  }

  failNext(code: number, times = 1, body: unknown = { error: { message: `fake failure ${code}`, type: 'server_error', code: null } }, headers: Record<string, string> = {}): void {
    this.#cue.status = { code, remaining: times, body, headers };
  }
  delayFirstByte(ms: number): void {
    this.#cue.firstByteDelayMs = ms;
  }
  delayBetweenChunks(ms: number): void {
    this.#cue.chunkDelayMs = ms;
  }
  dropAfterChunks(n: number): void {
    this.#cue.dropAfterChunks = n;
  }
  endWithoutDone(): void {
    this.#cue.endWithoutDone = true;
  }
  sendMalformedEventAfter(chunks: number): void {
    this.#cue.malformedAfterChunks = chunks;
  }
  /**
   * Streams send `count` chunks, then wait until the returned function is called: a test holds a
   * stream open for exactly as long as it needs, whatever the machine's speed.
   */
  holdStreamsAfter(count: number): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.#cue.holdAfterChunks = { count, gate };
    return release;
  }

  chatBodies(): Record<string, unknown>[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Record<string, unknown>);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      body = undefined; // multipart or other bytes: recorded as length only
    }
    if (this.options.record !== false) this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    let finished = false;
    res.once('close', () => {
      if (!finished) this.abortedRequests += 1;
    });

    const cue = this.#cue;
    const modelFailure = typeof (body as Record<string, unknown> | undefined)?.['model'] === 'string' ? this.#failingModels.get((body as Record<string, string>)['model']!) : undefined;
    if (modelFailure !== undefined && modelFailure.remaining > 0) {
      modelFailure.remaining -= 1;
      res.writeHead(modelFailure.code, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake model failure ${modelFailure.code}`, type: 'server_error', code: null } }));
      finished = true;
      return;
    }
    // Failures cued for a test's own calls: the gateway's health probes, which run on their own
    // clock, must not use them up (a probe landing in the window once turned a 500 into a 200).
    const probe = req.method === 'GET' && (req.url === '/health' || req.url === '/v1/models');
    if (!probe && cue.status && cue.status.remaining > 0) {
      cue.status.remaining -= 1;
      res.writeHead(cue.status.code, { 'content-type': 'application/json', ...cue.status.headers });
      res.end(JSON.stringify(cue.status.body));
      finished = true;
      return;
    }
    if (cue.firstByteDelayMs > 0) await sleep(cue.firstByteDelayMs);
    if (res.destroyed) return;

    const request = (body ?? {}) as Record<string, unknown>;
    const model = typeof request['model'] === 'string' ? request['model'] : 'fake-model';
    if (req.method === 'GET' && req.url === '/health' && this.healthRedirect !== undefined) {
      res.writeHead(302, { location: this.healthRedirect }).end();
    } else if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(this.healthy ? 200 : 503).end();
    } else if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('# TYPE fake_requests counter\nfake_requests 42\n');
    } else if (req.method === 'POST' && (req.url === '/flush_cache' || req.url === '/reset_prefix_cache')) {
      res.writeHead(200).end();
    } else if (req.method === 'GET' && req.url === '/v1/models') {
      this.#json(res, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', owned_by: 'fake', ...this.modelFields[id] })) });
    } else if (req.url === '/v1/embeddings') {
      const input = Array.isArray(request['input']) ? (request['input'] as unknown[])[0] : request['input'];
      const embedding = this.embeddingOf === undefined ? [0.1, 0.2, 0.3] : this.embeddingOf(typeof input === 'string' ? input : JSON.stringify(input));
      this.#json(res, { object: 'list', model, data: [{ object: 'embedding', index: 0, embedding }], usage: { prompt_tokens: 3, total_tokens: 3 } });
    } else if (req.url === '/v1/chat/completions' || req.url === '/v1/completions') {
      const chat = req.url === '/v1/chat/completions';
      if (request['stream'] === true) await this.#stream(res, model, chat, request, cue);
      else this.#json(res, this.#completion(model, chat, request['logprobs'] !== undefined && request['logprobs'] !== false));
    } else if (req.url === '/v1/audio/speech') {
      res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.from('ID3-fake-audio-bytes'));
    } else if (req.url === '/v1/responses' && request['stream'] === true && this.responsesStreamEvents !== undefined) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const [i, event] of this.responsesStreamEvents.entries()) res.write(`event: ${String(event['type'])}\ndata: ${JSON.stringify({ ...event, sequence_number: i })}\n\n`);
      res.end();
    } else if (req.url === '/v1/responses' && request['stream'] === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hel"}\n\n');
      res.write('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"lo"}\n\n');
      res.end('event: response.completed\ndata: {"type":"response.completed","response":{"usage":{"input_tokens":3,"output_tokens":2}}}\n\n');
    } else if (req.url === '/v1/responses' && this.responsesReply !== undefined) {
      this.#json(res, this.responsesReply);
    } else if (req.url?.startsWith('/missing')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found', type: 'not_found_error' } }));
    } else {
      // Any other path: echo what arrived, so passthrough tests can see exactly what was forwarded.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echo: { method: req.method, path: req.url, content_type: req.headers['content-type'] ?? null, bytes: text.length, json: typeof body === 'object' ? body : null }, usage: { prompt_tokens: 2, completion_tokens: 0 } }));
    }
    finished = true;
  }

  #usage(): Record<string, unknown> {
    const usage = { prompt_tokens: 7, completion_tokens: this.replyWords.length, total_tokens: 7 + this.replyWords.length };
    return this.cachedPromptTokens === undefined ? usage : { ...usage, prompt_tokens_details: { cached_tokens: this.cachedPromptTokens } };
  }

  /** Logprobs of `text` as one token, in the chat (`content[]`) or legacy completion (`tokens`) shape, as OpenAI sends them when asked. */
  static #logprobs(text: string, chat: boolean): Record<string, unknown> {
    const bytes = [...Buffer.from(text)];
    if (chat) return { logprobs: { content: [{ token: text, logprob: -0.1, bytes, top_logprobs: [{ token: text, logprob: -0.1, bytes }] }], refusal: null } };
    return { logprobs: { tokens: [text], token_logprobs: [-0.1], top_logprobs: [{ [text]: -0.1 }], text_offset: [0] } };
  }

  #completion(model: string, chat: boolean, logprobs = false): unknown {
    const calls = chat ? this.toolCallReplies.shift() : undefined;
    if (calls?.[0] !== undefined && this.legacyFunctionCall) {
      const message = { role: 'assistant', content: null, function_call: { name: calls[0].name, arguments: calls[0].arguments } };
      return { id: 'fake-1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message, finish_reason: 'function_call' }], usage: this.#usage() };
    }
    if (calls !== undefined) {
      const tool_calls = calls.map((call, i) => ({ id: `call_${this.requests.length}_${i}`, type: 'function', function: { name: call.name, arguments: call.arguments } }));
      const message = { role: 'assistant', content: null, tool_calls };
      return { id: 'fake-1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message, finish_reason: 'tool_calls' }], usage: this.#usage() };
    }
    const content = this.replyWords.join('');
    const choice = { ...(chat ? { index: 0, message: { role: 'assistant', content } } : { index: 0, text: content }), ...(logprobs ? FakeUpstream.#logprobs(content, chat) : {}), finish_reason: 'stop' };
    return { id: 'fake-1', object: chat ? 'chat.completion' : 'text_completion', created: 1, model, choices: [choice], usage: this.#usage() };
  }

  async #stream(res: ServerResponse, model: string, chat: boolean, request: Record<string, unknown>, cue: Cue): Promise<void> {
    const options = request['stream_options'] as Record<string, unknown> | undefined;
    const includeUsage = options?.['include_usage'] === true && !this.ignoreStreamUsage;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const calls = chat ? this.toolCallReplies.shift() : undefined;
    if (calls !== undefined) return this.#streamToolCalls(res, model, calls, includeUsage);
    const events = this.replyWords.map((word, i) => {
      const logprobs = request['logprobs'] !== undefined && request['logprobs'] !== false ? FakeUpstream.#logprobs(word, chat) : {};
      const choice = chat ? { index: 0, delta: { content: word }, ...logprobs, finish_reason: i === this.replyWords.length - 1 ? 'stop' : null } : { index: 0, text: word, ...logprobs, finish_reason: null };
      // Like OpenAI: with include_usage every chunk carries "usage":null.
      return { id: 'fake-1', object: chat ? 'chat.completion.chunk' : 'text_completion', created: 1, model, choices: [choice], ...(includeUsage ? { usage: null } : {}) };
    });
    if (includeUsage) events.push({ id: 'fake-1', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: this.#usage() } as never);
    let sent = 0;
    for (const event of events) {
      if (cue.dropAfterChunks !== undefined && sent >= cue.dropAfterChunks) {
        // Node corks a response until the next tick; let what was written leave before the drop.
        await sleep(20);
        res.destroy();
        return;
      }
      if (cue.holdAfterChunks !== undefined && sent === cue.holdAfterChunks.count) await cue.holdAfterChunks.gate;
      if (sent > 0 && cue.chunkDelayMs > 0) await sleep(cue.chunkDelayMs);
      if (res.destroyed) return;
      if (cue.malformedAfterChunks === sent) res.write('data: {"id":"fake-1","choices":[{"delta":{"content":"cut\n\n');
      res.write(`data: ${JSON.stringify(event)}\n\n`);
      sent += 1;
    }
    if (!cue.endWithoutDone) res.write('data: [DONE]\n\n');
    res.end();
  }

  /** Tool calls as OpenAI streams them: a name delta, the arguments in two pieces (or the given fragments), then the finish. */
  #streamToolCalls(res: ServerResponse, model: string, calls: readonly { name: string; arguments: string; fragments?: readonly string[] }[], includeUsage: boolean): void {
    const chunk = (delta: unknown, finish: string | null): string =>
      `data: ${JSON.stringify({ id: 'fake-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) })}\n\n`;
    res.write(chunk({ role: 'assistant', content: null }, null));
    if (this.legacyFunctionCall && calls[0] !== undefined) {
      const [first = '', ...rest] = calls[0].fragments ?? [calls[0].arguments];
      res.write(chunk({ function_call: { name: calls[0].name, arguments: first } }, null));
      for (const fragment of rest) res.write(chunk({ function_call: { arguments: fragment } }, null));
      res.write(chunk({}, 'function_call'));
      res.end('data: [DONE]\n\n');
      return;
    }
    calls.forEach((call, index) => {
      const half = Math.floor(call.arguments.length / 2);
      const [first = '', ...rest] = call.fragments ?? [call.arguments.slice(0, half), call.arguments.slice(half)];
      res.write(chunk({ tool_calls: [{ index, id: `call_${this.requests.length}_${index}`, type: 'function', function: { name: call.name, arguments: first } }] }, null));
      for (const fragment of rest) res.write(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }, null));
    });
    res.write(chunk({}, 'tool_calls'));
    if (includeUsage) res.write(`data: ${JSON.stringify({ id: 'fake-1', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: this.#usage() })}\n\n`);
    res.end('data: [DONE]\n\n');
  }

  #json(res: ServerResponse, value: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  }
}
