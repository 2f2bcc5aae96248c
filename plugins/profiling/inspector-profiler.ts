import { Session } from 'node:inspector/promises';

/** A CPU profile being recorded; `stop` ends it and gives the `.cpuprofile` JSON (Chrome DevTools' format). */
export interface RunningCpuProfile {
  readonly startedAt: Date;
  stop(): Promise<string>;
}

/** Starts recording a CPU profile of this process through its own inspector (no port is opened). */
export async function startCpuProfile(): Promise<RunningCpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  } catch (err) {
    session.disconnect();
    throw err;
  }
  let stopped: Promise<string> | undefined;
  return {
    startedAt: new Date(),
    stop() {
      stopped ??= (async () => {
        try {
          const { profile } = await session.post('Profiler.stop');
          return JSON.stringify(profile);
        } finally {
          session.disconnect();
        }
      })();
      return stopped;
    },
  };
}

/**
 * A heap snapshot (`.heapsnapshot`, Chrome DevTools' format), in the chunks V8 writes it in. V8
 * stops the process while it walks the heap: seconds on a large heap.
 */
export async function takeHeapSnapshot(): Promise<Buffer[]> {
  const session = new Session();
  const chunks: Buffer[] = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (message) => chunks.push(Buffer.from(message.params.chunk, 'utf8')));
  session.connect();
  try {
    await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.disconnect();
  }
  return chunks;
}
