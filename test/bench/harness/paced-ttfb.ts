import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { summarize } from '../percentiles.js';

/**
 * Time to first byte of streams at a fixed rate (not at saturation, where queueing dominates):
 * `rate` requests per second for `seconds`, each one's first body byte timed. A paced sender, not
 * autocannon's bursts, so the figure is latency and not a queue.
 */
export async function pacedFirstByte(url: string, body: string, options: { rate: number; seconds: number; headers?: Readonly<Record<string, string>> }): Promise<{ p50: number; p99: number; errors: number }> {
  const pool = new Pool(url, { connections: 64 });
  const firsts: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const intervalMs = 1000 / options.rate;
  const start = performance.now();
  const total = options.rate * options.seconds;
  try {
    for (let i = 0; i < total; i++) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(
        (async () => {
          const sent = performance.now();
          try {
            const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', ...options.headers }, body });
            let first = 0;
            for await (const chunk of res.body as AsyncIterable<Buffer>) if (first === 0 && chunk.length > 0) first = performance.now() - sent;
            if (res.statusCode !== 200) errors += 1;
            else firsts.push(first);
          } catch {
            errors += 1;
          }
        })(),
      );
    }
    await Promise.all(pending);
  } finally {
    await pool.close();
  }
  const { p50, p99 } = summarize(firsts);
  return { p50, p99, errors };
}
