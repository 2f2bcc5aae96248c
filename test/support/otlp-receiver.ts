import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as an OTLP/HTTP JSON export carries it, narrowed to what the tests read. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly statusCode: number;
  readonly serviceName: string | undefined;
}

/**
 * An in-process OpenTelemetry collector: records every POST to /v1/traces (OTLP/HTTP, JSON
 * encoding) and answers 200 as a collector does.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly requestHeaders: Record<string, string | string[] | undefined>[] = [];
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces') {
          this.requestHeaders.push(req.headers);
          this.spans.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function attributesOf(value: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const entry of list(value)) {
    const { key, value: wrapped } = record(entry);
    const v = record(wrapped);
    const scalar = v['stringValue'] ?? v['intValue'] ?? v['boolValue'] ?? v['doubleValue'];
    if (typeof key === 'string' && (typeof scalar === 'string' || typeof scalar === 'number' || typeof scalar === 'boolean')) {
      out[key] = v['intValue'] !== undefined ? Number(scalar) : scalar;
    }
  }
  return out;
}

function spansOf(body: unknown): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const resourceSpans of list(record(body)['resourceSpans'])) {
    const service = attributesOf(record(record(resourceSpans)['resource'])['attributes'])['service.name'];
    for (const scopeSpans of list(record(resourceSpans)['scopeSpans'])) {
      for (const raw of list(record(scopeSpans)['spans'])) {
        const span = record(raw);
        out.push({
          traceId: String(span['traceId']),
          spanId: String(span['spanId']),
          parentSpanId: typeof span['parentSpanId'] === 'string' ? span['parentSpanId'] : '',
          name: String(span['name']),
          kind: Number(span['kind']),
          attributes: attributesOf(span['attributes']),
          statusCode: Number(record(span['status'])['code'] ?? 0),
          serviceName: typeof service === 'string' ? service : undefined,
        });
      }
    }
  }
  return out;
}
