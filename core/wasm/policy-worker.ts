// Runs one policy module in a worker thread, one call at a time (an Extism plugin is not
// reentrant). The parent enforces the wall-clock timeout by terminating this thread.
import createPlugin, { type Plugin } from '@extism/extism';
import { parentPort, workerData } from 'node:worker_threads';

interface CallMessage {
  readonly id: number;
  readonly fn: string;
  readonly input: string;
}

const { module, maxOutputBytes } = workerData as { module: WebAssembly.Module; maxOutputBytes: number };
let plugin: Plugin | undefined;

async function fresh(): Promise<Plugin> {
  plugin ??= await createPlugin({ wasm: [{ module }] }, { useWasi: false });
  return plugin;
}

// Ready once the plugin exists: the parent's per-call timeout then measures the policy, not boot.
void fresh().then(
  () => parentPort?.postMessage({ ready: true }),
  () => parentPort?.postMessage({ ready: true }),
);

parentPort?.on('message', (message: CallMessage) => {
  void (async () => {
    try {
      const instance = await fresh();
      const output = await instance.call(message.fn, message.input);
      // Extism 1.0.3 leaks blocks unless reset after every call (DESIGN §3).
      await instance.reset();
      const bytes = output?.bytes().byteLength ?? 0;
      if (bytes > maxOutputBytes) throw new Error(`output of ${bytes} bytes exceeds ${maxOutputBytes}`);
      parentPort?.postMessage({ id: message.id, ok: true, output: output?.text() ?? '' });
    } catch (err) {
      // After a trap the instance's heap may be inconsistent: the next call gets a new one.
      plugin = undefined;
      parentPort?.postMessage({ id: message.id, ok: false, error: (err as Error).message.slice(0, 500) });
    }
  })();
});
