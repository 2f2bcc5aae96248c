import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An Anthropic Messages API worker for tests: records requests, answers in Anthropic's shapes. */
export class FakeAnthropicUpstream {
  readonly requests: { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  failWith: { status: number; type: string; message: string } | undefined;
  dropAfterEvents: number | undefined;
  useTool = false;
  /** Prompt-cache tokens the usage reports (Anthropic counts them apart from input_tokens). */
  cacheTokens: { read: number; write: number } | undefined;
  /** Answer garbage: a non-JSON body, or (streams) an event whose data is not JSON after `garbageAfterEvents`. */
  garbage = false;
  garbageAfterEvents = 2;
  url = '';
  #server: Server | undefined;

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((r) => this.#server!.close(() => r()));
  }

  #cacheUsage(): Record<string, number> {
    return this.cacheTokens === undefined ? {} : { cache_read_input_tokens: this.cacheTokens.read, cache_creation_input_tokens: this.cacheTokens.write };
  }

  reset(): void {
    this.requests.length = 0;
    this.failWith = undefined;
    this.dropAfterEvents = undefined;
    this.useTool = false;
    this.cacheTokens = undefined;
    this.garbage = false;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    this.requests.push({ path: req.url ?? '', headers: req.headers, body });
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'claude-fake', type: 'model' }] }));
      return;
    }
    if (this.failWith) {
      res.writeHead(this.failWith.status, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: this.failWith.type, message: this.failWith.message } }));
      return;
    }
    const content = this.useTool
      ? [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }]
      : [{ type: 'text', text: 'Hi from fake claude' }];
    const stopReason = this.useTool ? 'tool_use' : 'end_turn';
    if (body['stream'] !== true && this.garbage) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>upstream proxy error</html>');
      return;
    }
    if (body['stream'] !== true) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: body['model'], content, stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 4, ...this.#cacheUsage() } }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const events: [string, unknown][] = [
      ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: body['model'], content: [], usage: { input_tokens: 5, output_tokens: 0, ...this.#cacheUsage() } } }],
    ];
    if (this.useTool) {
      events.push(['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }]);
      events.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city":' } }]);
      events.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } }]);
    } else {
      events.push(['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }]);
      for (const piece of ['Hi ', 'from ', 'fake ', 'claude']) events.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }]);
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index: 0 }]);
    events.push(['message_delta', { type: 'message_delta', delta: { stop_reason: stopReason }, usage: { output_tokens: 4 } }]);
    events.push(['message_stop', { type: 'message_stop' }]);
    for (const [i, [name, data]] of events.entries()) {
      if (this.dropAfterEvents !== undefined && i >= this.dropAfterEvents) {
        await new Promise((r) => setTimeout(r, 20));
        res.destroy();
        return;
      }
      if (this.garbage && i === this.garbageAfterEvents) {
        res.write('event: content_block_delta\ndata: {"type":"content_block_delta", truncated\n\n');
        continue;
      }
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    }
    res.end();
  }
}
