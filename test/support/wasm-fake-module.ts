/** The parts of a RegisteredModule for unit tests: a runner the test answers, a record, no code. */
import { PolicyRunnerClosed, type PolicyRunner } from '../../plugins/wasm-policies/policy-runner.js';
import type { ModuleRecord, ModuleSpec } from '../../plugins/wasm-policies/module-record.js';
import type { PreparedModule } from '../../plugins/wasm-policies/prepare-module.js';

/**
 * A runner whose answers the test decides, call by call: each call waits until the test answers
 * it (`answerNext`), or gets `answer` at once when one is set. Like the real runners, it refuses
 * calls once closed.
 */
export class FakeRunner implements PolicyRunner {
  answer: (() => Promise<string>) | undefined;
  closed = false;
  readonly #waiting: { resolve: (output: string) => void; reject: (err: Error) => void }[] = [];
  #arrived: () => void = () => undefined;

  call(): Promise<string> {
    if (this.closed) return Promise.reject(new PolicyRunnerClosed());
    if (this.answer !== undefined) return this.answer();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#arrived();
    });
  }

  /** Resolves once a call is waiting for its answer. */
  async called(): Promise<void> {
    if (this.#waiting.length === 0) await new Promise<void>((resolve) => (this.#arrived = resolve));
  }

  answerNext(output: string): void {
    this.#waiting.shift()?.resolve(output);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** A registry record for `spec` as registration would write it (version 1). */
export function recordOf(spec: Partial<ModuleSpec> & Pick<ModuleSpec, 'name'>): ModuleRecord {
  return {
    file_path: `/policies/${spec.name}.wasm`,
    module_type: 'Middleware',
    attach_points: [{ Middleware: 'OnRequest' }],
    on_error: 'fail_closed',
    mode: 'isolated',
    timeout_ms: 100,
    ...spec,
    uuid: `uuid-${spec.name}`,
    sha256: '0'.repeat(64),
    size: 8,
    transport: 'extism',
    version: 1,
    created_at: new Date(0).toISOString(),
    last_accessed_at: null,
    access_count: 0,
  };
}

/** Stands in for compiled code the fake runner never looks at. */
export const NO_CODE: PreparedModule = {
  transport: 'extism',
  sha256: '0'.repeat(64),
  size: 8,
  code: { transport: 'component', bindings: '', coreModules: {} },
  phases: new Set(['on_request', 'on_response']),
  coreModules: [],
};
