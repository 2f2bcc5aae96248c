import type { ExtismCode } from './policy-code.js';
import { OutputTooLarge, type PolicyInstance } from './policy-instance.js';

/** An Extism-ABI module: each export reads the input JSON and sets the output JSON. */
export async function instantiateExtism(code: ExtismCode, maxOutputBytes: number): Promise<PolicyInstance> {
  // Loaded on first use, after the process has had the chance to quiet its WASI warning.
  const { default: createPlugin } = await import('@extism/extism');
  const plugin = await createPlugin({ wasm: [{ module: code.module }] }, { useWasi: false });
  return {
    async call(phase, input) {
      const output = await plugin.call(phase, input);
      // Extism 1.0.3 leaks blocks unless reset after every call (DESIGN §3).
      await plugin.reset();
      const bytes = output?.bytes().byteLength ?? 0;
      if (bytes > maxOutputBytes) throw new OutputTooLarge(bytes, maxOutputBytes);
      return output?.text() ?? '';
    },
    close: () => plugin.close(),
  };
}
