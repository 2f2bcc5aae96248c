import { Pool } from 'undici';

/**
 * Exactly `count` POSTs of `body`, `concurrency` at a time, each answer read to its end: a fixed
 * amount of work, for counts that must not depend on how fast the machine is (`--instructions`).
 * Returns how many were not 200.
 */
export async function sendCount(url: string, body: string, options: { count: number; concurrency: number; headers?: Readonly<Record<string, string>> }): Promise<number> {
  const pool = new Pool(url, { connections: options.concurrency });
  let left = options.count;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      try {
        const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', ...options.headers }, body });
        await res.body.dump({ limit: Number.MAX_SAFE_INTEGER });
        if (res.statusCode !== 200) failed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await pool.close();
  }
  return failed;
}
