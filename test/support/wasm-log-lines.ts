import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once `count` of the gateway's log lines contain `text` (the event a test waits for:
 * a reload done, a file refused). Checks every 20 ms; a line that never comes is left to the
 * test's own timeout.
 */
export async function untilLogged(lines: readonly string[], text: string, count = 1): Promise<void> {
  while (lines.filter((line) => line.includes(text)).length < count) await sleep(20);
}

/** The `reason` of every "WASM policy failed" line, in order. */
export function policyFailures(lines: readonly string[]): string[] {
  return lines.filter((line) => line.includes('WASM policy failed')).map((line) => {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'reason' in parsed && typeof parsed.reason === 'string' ? parsed.reason : '';
  });
}
