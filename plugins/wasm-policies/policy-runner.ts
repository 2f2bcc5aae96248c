import { Worker } from 'node:worker_threads';
import { instantiatePolicy } from './instantiate-policy.js';
import type { PolicyCode, PolicyPhase } from './policy-code.js';
import { MAX_OUTPUT_BYTES, type PolicyInstance } from './policy-instance.js';

export interface PolicyRunner {
  /** Calls the export for `phase` with a JSON string; rejects on trap, timeout or a missing export. */
  call(phase: PolicyPhase, input: string): Promise<string>;
  /** Resolves when the runner can take calls at once (instances built, workers booted). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export class PolicyTimeout extends Error {
  override name = 'PolicyTimeout';
}

/**
 * `inline`: the main thread, fastest, no timeout (an endless loop would freeze the gateway, which
 * is why it is an explicit opt-in). The instance is rebuilt after any failure.
 */
export function createInlineRunner(code: PolicyCode): PolicyRunner {
  let instance: Promise<PolicyInstance> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const fresh = (): Promise<PolicyInstance> => (instance ??= instantiatePolicy(code));
  const run = async (phase: PolicyPhase, input: string): Promise<string> => {
    const current = fresh();
    try {
      return await (await current).call(phase, input);
    } catch (err) {
      instance = undefined;
      void current.then((i) => i.close()).catch(() => undefined);
      throw err;
    }
  };
  return {
    async ready() {
      await fresh();
    },
    call(phase, input) {
      // One call at a time: instances are not reentrant.
      const result = queue.then(() => run(phase, input));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      await (await instance)?.close();
    },
  };
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** The worker has booted and built its plugin. */
  ready: boolean;
}

interface Pending {
  readonly phase: PolicyPhase;
  readonly input: string;
  readonly resolve: (output: string) => void;
  readonly reject: (err: Error) => void;
}

const WORKER_FILE = new URL(import.meta.url.endsWith('.ts') ? './policy-worker.ts' : './policy-worker.js', import.meta.url);

/**
 * `isolated` (the default): a pool of worker threads, each spawned from the code compiled once
 * at registration. A call that passes `timeoutMs` terminates its worker, which is respawned; an
 * endless loop costs one thread for `timeoutMs`, never the event loop.
 */
export function createIsolatedRunner(code: PolicyCode, size: number, timeoutMs: number): PolicyRunner {
  const slots: Slot[] = [];
  const waiting: Pending[] = [];
  let firstReady: () => void = () => undefined;
  const readyOnce = new Promise<void>((resolve) => (firstReady = resolve));
  let closed = false;
  let nextId = 1;

  const spawnInto = (slot: Slot): void => {
    slot.worker = spawn();
    slot.ready = false;
    slot.worker.on('message', (message: { ready?: boolean }) => {
      if (message.ready === true) {
        slot.ready = true;
        if (slots.every((s) => s.ready)) firstReady();
        dispatch();
      }
    });
  };

  const spawn = (): Worker => {
    const worker = WORKER_FILE.pathname.endsWith('.ts')
      ? // From TypeScript sources (tests, `npm run dev`): Node 20 carries neither module hooks nor
        // `--import` into worker threads, so a fixed bootstrap registers tsx in the thread first.
        new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`, {
          eval: true,
          workerData: { code, maxOutputBytes: MAX_OUTPUT_BYTES },
        })
      : new Worker(WORKER_FILE, { workerData: { code, maxOutputBytes: MAX_OUTPUT_BYTES } });
    // A worker that dies outside a call must not become an uncaught error; calls see it via onError.
    worker.on('error', () => undefined);
    return worker;
  };
  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: undefined as unknown as Worker, busy: false, ready: false };
    spawnInto(slot);
    slots.push(slot);
  }

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.busy || !slot.ready) continue;
      const job = waiting.shift();
      if (job === undefined) return;
      run(slot, job);
    }
  };

  const run = (slot: Slot, job: Pending): void => {
    slot.busy = true;
    const id = nextId++;
    const worker = slot.worker;
    const finish = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      slot.busy = false;
      dispatch();
    };
    const onMessage = (message: { id: number; ok: boolean; output?: string; error?: string }): void => {
      if (message.id !== id) return;
      finish();
      if (message.ok) job.resolve(message.output ?? '');
      else job.reject(new Error(message.error ?? 'policy failed'));
    };
    const onError = (err: Error): void => {
      spawnInto(slot);
      finish();
      job.reject(err);
    };
    const timer = setTimeout(() => {
      void worker.terminate();
      spawnInto(slot);
      finish();
      job.reject(new PolicyTimeout(`policy ran past its ${timeoutMs} ms limit`));
    }, timeoutMs);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage({ id, phase: job.phase, input: job.input });
  };

  return {
    ready: () => readyOnce,
    call(phase, input) {
      if (closed) return Promise.reject(new Error('policy runner closed'));
      return new Promise((resolve, reject) => {
        waiting.push({ phase, input, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(new Error('policy runner closed'));
      await Promise.allSettled(slots.map((s) => s.worker.terminate()));
    },
  };
}
