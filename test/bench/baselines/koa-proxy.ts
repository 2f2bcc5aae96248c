/**
 * Baseline: a bare Koa 3 + @koa/router + undici passthrough, as a hand-written gateway would be —
 * it reads the JSON body, parses and re-serialises it, and pipes the answer back. What Switchyard
 * adds is measured against this, in the same run, on the same core.
 */
import Router from '@koa/router';
import Koa from 'koa';
import { Agent, request } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3] ?? ''];
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
const app = new Koa();
const router = new Router();
router.post('/v1/chat/completions', async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const res = await request(`${upstream}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), dispatcher: agent });
  res.body.on('error', () => undefined);
  ctx.status = res.statusCode;
  ctx.type = String(res.headers['content-type'] ?? 'application/json');
  ctx.body = res.body;
});
router.get('/readiness', (ctx) => {
  ctx.body = { status: 'ready' };
});
app.use(router.routes());
app.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
// A clean exit on SIGTERM, so `--cpu-prof` writes its profile (npm run bench -- --profile koa).
process.on('SIGTERM', () => process.exit(0));
