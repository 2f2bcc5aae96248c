import { readFile, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';

const SECTION = 'switchyard:config-schema';

/**
 * The JSON Schema a module ships for its `config`, if any: a `switchyard:config-schema` custom
 * section in the module itself (in a component: in one of its core modules), or a `<name>.schema.json` file beside the `.wasm` (same directory,
 * links followed — so it stays inside the module root the module was read from).
 */
export async function findConfigSchema(coreModules: readonly WebAssembly.Module[], modulePath: string): Promise<unknown> {
  const section = coreModules.flatMap((module) => WebAssembly.Module.customSections(module, SECTION))[0];
  if (section !== undefined) return parse(Buffer.from(section).toString('utf8'));
  const sidecar = modulePath.replace(/\.wasm$/, '.schema.json');
  let resolved: string;
  try {
    resolved = await realpath(sidecar);
  } catch {
    return undefined;
  }
  if (dirname(resolved) !== dirname(modulePath)) throw new Error('the config schema beside the module links elsewhere');
  return parse(await readFile(resolved, 'utf8'));
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('the module\'s config schema is not valid JSON');
  }
}
