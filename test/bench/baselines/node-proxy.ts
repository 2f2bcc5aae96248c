/** Baseline: the Node floor — node:http and undici, the request body piped through untouched. */
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3] ?? ''];
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    return;
  }
  void request(`${upstream}${req.url ?? '/'}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req, dispatcher: agent }).then(
    (up) => {
      up.body.on('error', () => undefined);
      res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
      up.body.pipe(res);
    },
    () => res.writeHead(502).end(),
  );
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
