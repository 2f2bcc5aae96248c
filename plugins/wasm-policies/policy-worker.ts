// Runs one policy in a worker thread, one call at a time (instances are not reentrant). The parent
// enforces the wall-clock timeout by terminating this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { instantiatePolicy } from './instantiate-policy.js';
import type { PolicyCode, PolicyPhase } from './policy-code.js';
import type { PolicyInstance } from './policy-instance.js';
import { dropWasiExperimentalWarning } from '../../core/logging/quiet-wasi-warning.js';

dropWasiExperimentalWarning();

interface CallMessage {
  readonly id: number;
  readonly phase: PolicyPhase;
  readonly input: string;
}

const { code, maxOutputBytes } = workerData as { code: PolicyCode; maxOutputBytes: number };
let instance: Promise<PolicyInstance> | undefined;

const fresh = (): Promise<PolicyInstance> => (instance ??= instantiatePolicy(code, maxOutputBytes));

// Ready once an instance exists: the parent's per-call timeout then measures the policy, not boot.
void fresh().then(
  () => parentPort?.postMessage({ ready: true }),
  () => {
    instance = undefined;
    parentPort?.postMessage({ ready: true });
  },
);

parentPort?.on('message', (message: CallMessage) => {
  void (async () => {
    try {
      const output = await (await fresh()).call(message.phase, message.input);
      parentPort?.postMessage({ id: message.id, ok: true, output });
    } catch (err) {
      // After a trap the instance's heap may be inconsistent (jco even refuses further calls):
      // the next call gets a new one.
      const failed = instance;
      instance = undefined;
      void failed?.then((i) => i.close()).catch(() => undefined);
      parentPort?.postMessage({ id: message.id, ok: false, error: (err instanceof Error ? err.message : String(err)).slice(0, 500) });
    }
  })();
});
