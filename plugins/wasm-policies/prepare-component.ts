import { capMemory, MemoryCapError } from './wasm-binary.js';
import { withNativeStringSizing } from './component-bindings.js';
import type { ComponentCode, PolicyPhase } from './policy-code.js';

export class ComponentRefused extends Error {
  override name = 'ComponentRefused';
}

// Exactly the world in wasm-modules/sdk/wit/policy.wit: these exports, this signature, nothing else.
const EXPORT_LINE = /^export (on-request|on-response|on-stream-chunk|on-error): func\([a-z][a-z0-9-]*: string\) -> result<string, string>;$/;

/**
 * Turns a component into instantiable code through jco. Its interface is checked against the
 * policy world before jco generates any JavaScript from it (no imports, no other exports, no other
 * types), so the bindings the gateway runs can only be the shape of that world. The core modules
 * inside are memory-capped and compiled here, once.
 */
export async function prepareComponent(bytes: Buffer, maxMemoryPages: number): Promise<{ code: ComponentCode; phases: ReadonlySet<PolicyPhase> }> {
  // Loaded on first use: a gateway without components never pays for jco.
  const { componentWit, transpile } = await import('@bytecodealliance/jco');
  const phases = await policyExports(bytes, componentWit);
  let output: Awaited<ReturnType<typeof transpile>>;
  try {
    output = await transpile(bytes, { name: 'policy', instantiation: 'sync', noTypescript: true, base64Cutoff: 0, quiet: true });
  } catch (err) {
    throw new ComponentRefused(`jco could not transpile the component: ${describe(err)}`);
  }
  if (output.imports.length > 0) throw new ComponentRefused(`a policy component may import nothing; it imports ${output.imports.slice(0, 5).join(', ')}`);
  const coreModules: Record<string, WebAssembly.Module> = {};
  let bindings: string | undefined;
  for (const [file, content] of Object.entries(output.files)) {
    if (file === 'policy.js') bindings = withNativeStringSizing(Buffer.from(content).toString('utf8')).bindings;
    else if (file.endsWith('.wasm')) coreModules[file] = await compileCapped(Buffer.from(content), maxMemoryPages);
  }
  if (bindings === undefined) throw new ComponentRefused('jco produced no bindings');
  return { code: { transport: 'component', bindings, coreModules }, phases };
}

async function policyExports(bytes: Buffer, componentWit: (bytes: Uint8Array) => Promise<string>): Promise<Set<PolicyPhase>> {
  let wit: string;
  try {
    wit = await componentWit(bytes);
  } catch (err) {
    throw new ComponentRefused(`not a valid component: ${describe(err)}`);
  }
  const phases = new Set<PolicyPhase>();
  // Everything but the package line, the world's braces and doc comments must be a policy export.
  const lines = wit
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('package ') && !line.startsWith('///') && !/^world [a-z0-9-]+ \{$/.test(line) && line !== '}');
  for (const line of lines) {
    const match = EXPORT_LINE.exec(line);
    if (match === null) throw new ComponentRefused(`the component is not a switchyard:policy world (exports on-request… as func(string) -> result<string, string>, no imports); it has: ${line.slice(0, 200)}`);
    phases.add(match[1]!.replaceAll('-', '_') as PolicyPhase);
  }
  if (phases.size === 0) throw new ComponentRefused('the component exports no policy function');
  return phases;
}

async function compileCapped(core: Buffer, maxMemoryPages: number): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(capMemory(core, maxMemoryPages));
  } catch (err) {
    throw new ComponentRefused(err instanceof MemoryCapError ? err.message : `a core module does not compile: ${describe(err)}`);
  }
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
