/**
 * The bench's upstream: as cheap as a server can be, so that what is measured is the proxy in front
 * of it. Answers a fixed 0.5 KB-class chat completion, or a 20-chunk stream; model `slow-model`
 * waits 5 ms between chunks (for time-to-first-token at a paced rate).
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const completion = (model: string): string =>
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! Here is a short answer of about six words.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 12, total_tokens: 24 },
  });
const chunk = (model: string, text: string, usage: boolean): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: text }, finish_reason: null }], ...(usage ? { usage: null } : {}) })}\n\n`;
const models = JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model' }, { id: 'slow-model', object: 'model' }] });

createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(req.url === '/v1/models' ? models : '{}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const model = body.includes('"slow-model"') ? 'slow-model' : 'fake-model';
    if (!body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(completion(model));
      return;
    }
    const usage = body.includes('"include_usage":true');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let sent = 0;
    const next = (): void => {
      if (sent === 20) {
        if (usage) res.write(`data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 } })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.write(chunk(model, `word${sent} `, usage));
      sent += 1;
      if (model === 'slow-model') setTimeout(next, 5);
      else next();
    };
    next();
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
