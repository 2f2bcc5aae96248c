import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { instantiatePolicy } from './instantiate-policy.js';
import type { PolicyCode, PolicyPhase } from './policy-code.js';
import { MAX_OUTPUT_BYTES, type PolicyInstance } from './policy-instance.js';

export interface PolicyRunner {
  /**
   * Calls the export for `phase` with a JSON string; rejects on trap, a missing export, a full
   * queue, or when the call's time limit — counted from this moment, waiting included — passes.
   */
  call(phase: PolicyPhase, input: string): Promise<string>;
  /** Resolves when the runner can take calls at once (instances built, workers booted). */
  ready(): Promise<void>;
  /** Takes no new calls; resolves once every call already made has settled and the workers are gone. */
  close(): Promise<void>;
}

export interface RunnerLimits {
  /** Wall-clock limit of one call from the moment it is made: the wait for an instance counts. */
  readonly timeoutMs: number;
  /** Calls that may wait while every instance is busy; one more is refused at once. */
  readonly maxQueued: number;
}

const UNLIMITED: RunnerLimits = { timeoutMs: Number.POSITIVE_INFINITY, maxQueued: Number.POSITIVE_INFINITY };

/** The call's time limit passed, while it ran (`started`) or before an instance was free to run it. */
export class PolicyTimeout extends Error {
  override name = 'PolicyTimeout';
  constructor(
    readonly started: boolean,
    limitMs: number,
  ) {
    super(started ? `policy ran past its ${limitMs} ms limit` : `policy could not start within its ${limitMs} ms limit (every instance busy)`);
  }
}

/** Refused without running: as many calls as allowed already wait for this policy. */
export class PolicyQueueFull extends Error {
  override name = 'PolicyQueueFull';
  constructor(maxQueued: number) {
    super(`policy busy: ${maxQueued} calls already wait for it`);
  }
}

export class PolicyRunnerClosed extends Error {
  override name = 'PolicyRunnerClosed';
  constructor() {
    super('policy runner closed');
  }
}

/**
 * A failure that says nothing about the policy's code: it never ran (shed under load, or its
 * version was closed). Such failures do not count toward disabling the policy.
 */
export function neverStarted(err: unknown): boolean {
  return err instanceof PolicyQueueFull || err instanceof PolicyRunnerClosed || (err instanceof PolicyTimeout && !err.started);
}

/**
 * `inline`: the main thread, fastest. A running call cannot be stopped (an endless loop freezes
 * the gateway, which is why it needs `wasm.allow_inline`); the limits bound only the wait for the
 * previous calls. The instance is rebuilt after any failure.
 */
export function createInlineRunner(code: PolicyCode, limits: RunnerLimits = UNLIMITED): PolicyRunner {
  let instance: Promise<PolicyInstance> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** Calls made and not settled: the running one and those waiting behind it. */
  let pending = 0;
  let closing: Promise<void> | undefined;
  const fresh = (): Promise<PolicyInstance> => (instance ??= instantiatePolicy(code));
  const run = async (phase: PolicyPhase, input: string, deadline: number): Promise<string> => {
    if (performance.now() >= deadline) throw new PolicyTimeout(false, limits.timeoutMs);
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
      if (closing !== undefined) return Promise.reject(new PolicyRunnerClosed());
      if (pending > limits.maxQueued) return Promise.reject(new PolicyQueueFull(limits.maxQueued));
      const deadline = performance.now() + limits.timeoutMs;
      pending += 1;
      // One call at a time: instances are not reentrant.
      const result = queue.then(() => run(phase, input, deadline)).finally(() => (pending -= 1));
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      closing ??= (async () => {
        await queue;
        await (await instance?.catch(() => undefined))?.close();
      })();
      return closing;
    },
  };
}

interface Job {
  readonly phase: PolicyPhase;
  readonly input: string;
  /** performance.now() by which the call must have answered, queue wait included. */
  readonly deadline: number;
  /** Settles the caller's promise (once). */
  readonly settle: (outcome: { readonly output: string } | { readonly error: Error }) => void;
  waitTimer: NodeJS.Timeout | undefined;
}

interface Slot {
  worker: Worker;
  /** The worker has booted and built its instance. */
  ready: boolean;
  running: { readonly id: number; readonly job: Job; readonly timer: NodeJS.Timeout } | undefined;
}

interface WorkerMessage {
  readonly ready?: boolean;
  readonly id?: number;
  readonly ok?: boolean;
  readonly output?: string;
  readonly error?: string;
}

const WORKER_FILE = new URL(import.meta.url.endsWith('.ts') ? './policy-worker.ts' : './policy-worker.js', import.meta.url);

/**
 * `isolated` (the default): a pool of worker threads, each spawned from the code compiled once at
 * registration. Every call has `timeoutMs` from the moment it is made: one that cannot start in
 * time fails without running, one that runs past it terminates its worker, which is respawned. An
 * endless loop costs one thread for at most `timeoutMs`, never the event loop.
 */
export function createIsolatedRunner(code: PolicyCode, size: number, limits: RunnerLimits): PolicyRunner {
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  /** Waiting for every worker to be up (at registration, or after a respawn). */
  const readyWaiters: (() => void)[] = [];
  const allReady = (): boolean => slots.every((s) => s.ready);
  /** Calls made and not settled (waiting or running): close() waits for them. */
  let inFlight = 0;
  let drained: () => void = () => undefined;
  /** Set by close(): no new calls. */
  let closing = false;
  let closed: Promise<void> | undefined;
  /** Set once close() has terminated the workers: nothing is spawned after that. */
  let terminated = false;
  let nextId = 1;

  const spawn = (): Worker => {
    const workerData = { code, maxOutputBytes: MAX_OUTPUT_BYTES };
    return WORKER_FILE.pathname.endsWith('.ts')
      ? // From TypeScript sources (tests, `npm run dev`): Node 20 carries neither module hooks nor
        // `--import` into worker threads, so a fixed bootstrap registers tsx in the thread first.
        new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`, { eval: true, workerData })
      : new Worker(WORKER_FILE, { workerData });
  };

  const spawnInto = (slot: Slot): void => {
    const worker = spawn();
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (message: WorkerMessage) => {
      if (slot.worker !== worker) return;
      if (message.ready === true) {
        slot.ready = true;
        if (allReady()) for (const resolve of readyWaiters.splice(0)) resolve();
        dispatch();
        return;
      }
      const running = slot.running;
      if (running === undefined || message.id !== running.id) return;
      clearTimeout(running.timer);
      slot.running = undefined;
      running.job.settle(message.ok === true ? { output: message.output ?? '' } : { error: new Error(message.error ?? 'policy failed') });
      dispatch();
    });
    // A worker that dies in a call or idle is replaced, and the call it was running fails; one
    // that dies while booting is not (it would again): the slot stays down.
    worker.on('error', (err: Error) => {
      if (slot.worker !== worker) return;
      const running = slot.running;
      if (!slot.ready) {
        void worker.terminate();
        return;
      }
      replace(slot);
      running?.job.settle({ error: err });
      dispatch();
    });
  };

  /** A fresh worker in place of one that timed out or died, unless the runner is going away. */
  const replace = (slot: Slot): void => {
    if (slot.running !== undefined) clearTimeout(slot.running.timer);
    slot.running = undefined;
    void slot.worker.terminate();
    if (terminated || (closing && waiting.length === 0)) {
      slot.ready = false;
      return;
    }
    spawnInto(slot);
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: undefined as unknown as Worker, ready: false, running: undefined };
    spawnInto(slot);
    slots.push(slot);
  }

  /** The next waiting call that can still answer in time; those past their deadline fail. */
  const nextStartable = (): Job | undefined => {
    for (let job = waiting.shift(); job !== undefined; job = waiting.shift()) {
      clearTimeout(job.waitTimer);
      if (job.deadline > performance.now()) return job;
      job.settle({ error: new PolicyTimeout(false, limits.timeoutMs) });
    }
    return undefined;
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.running !== undefined || !slot.ready) continue;
      const job = nextStartable();
      if (job === undefined) return;
      start(slot, job);
    }
  };

  const start = (slot: Slot, job: Job): void => {
    const id = nextId++;
    const timer = setTimeout(() => {
      if (slot.running?.id !== id) return;
      replace(slot);
      job.settle({ error: new PolicyTimeout(true, limits.timeoutMs) });
      dispatch();
    }, job.deadline - performance.now());
    slot.running = { id, job, timer };
    slot.worker.postMessage({ id, phase: job.phase, input: job.input });
  };

  return {
    ready: () => (allReady() ? Promise.resolve() : new Promise<void>((resolve) => readyWaiters.push(resolve))),
    call(phase, input) {
      if (closing) return Promise.reject(new PolicyRunnerClosed());
      const idle = slots.some((s) => s.ready && s.running === undefined);
      if (!idle && waiting.length >= limits.maxQueued) return Promise.reject(new PolicyQueueFull(limits.maxQueued));
      return new Promise<string>((resolve, reject) => {
        let settled = false;
        const job: Job = {
          phase,
          input,
          deadline: performance.now() + limits.timeoutMs,
          waitTimer: undefined,
          settle(outcome) {
            if (settled) return;
            settled = true;
            inFlight -= 1;
            if ('output' in outcome) resolve(outcome.output);
            else reject(outcome.error);
            if (inFlight === 0) drained();
          },
        };
        inFlight += 1;
        job.waitTimer = setTimeout(() => {
          const at = waiting.indexOf(job);
          if (at < 0) return;
          waiting.splice(at, 1);
          job.settle({ error: new PolicyTimeout(false, limits.timeoutMs) });
        }, limits.timeoutMs);
        waiting.push(job);
        dispatch();
      });
    },
    close() {
      closing = true;
      closed ??= (async () => {
        // Calls already made finish (each within its own deadline); only then do the workers go.
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        terminated = true;
        await Promise.allSettled(slots.map((s) => s.worker.terminate()));
      })();
      return closed;
    },
  };
}
