import type { PolicyPhase } from './policy-code.js';

/** One live instance of a policy, whichever its transport. Not reentrant: one call at a time. */
export interface PolicyInstance {
  /** Calls the export for `phase` with the input JSON; rejects on trap, `err` or a missing export. */
  call(phase: PolicyPhase, input: string): Promise<string>;
  close(): Promise<void>;
}

/** Policy output is a small JSON action; a module flooding the host is a failing module. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;

export class OutputTooLarge extends Error {
  override name = 'OutputTooLarge';
  constructor(bytes: number, max: number) {
    super(`output of ${bytes} bytes exceeds ${max}`);
  }
}
