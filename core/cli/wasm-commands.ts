import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WasmConfig } from '../config/gateway-config.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { loadSchemaValidators } from '../schema/schema-validators.js';
import { parsePolicyOutput, POLICY_ACTION_SCHEMA_ID } from '../wasm/policy-contract.js';
import { createInlineRunner } from '../wasm/policy-runner.js';
import { prepareModule } from '../wasm/prepare-module.js';
import { PHASES } from '../wasm/policy-code.js';
import { UsageError } from './parse-launch-flags.js';

const HARNESS_CONFIG: WasmConfig = { enabled: true, module_roots: [], max_module_bytes: 16 * 1024 * 1024, max_memory_pages: 256, allowed_imports: ['extism:host/env'], disable_after_failures: 20, watch_roots: false };

/**
 * `switchyard wasm run MODULE.wasm INPUT.json [--fn on_request]`: runs a policy against a fixture
 * with the gateway's own checks (memory cap, import allowlist, output schema), without a gateway.
 * Prints the action; exits 1 when the policy fails or answers something invalid.
 */
export async function runPolicy(args: readonly string[]): Promise<number> {
  const [modulePath, inputPath, ...rest] = args;
  if (modulePath === undefined || inputPath === undefined) throw new UsageError('wasm run needs MODULE.wasm and INPUT.json');
  const fn = rest[0] === '--fn' && rest[1] !== undefined ? rest[1] : 'on_request';
  const phase = PHASES.find((p) => p === fn);
  if (phase === undefined) throw new UsageError(`--fn must be one of ${PHASES.join(', ')}`);
  const prepared = await prepareModule(readFileSync(modulePath), HARNESS_CONFIG);
  const runner = createInlineRunner(prepared.code);
  try {
    const output = await runner.call(phase, readFileSync(inputPath, 'utf8'));
    const action = parsePolicyOutput(output, loadSchemaValidators().ingressCheck(POLICY_ACTION_SCHEMA_ID));
    process.stdout.write(`${JSON.stringify(action, null, 2)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`policy failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await runner.close();
  }
}

const AS_TEMPLATE = (name: string): string => `// ${name}: a Switchyard policy in AssemblyScript. Build: npm run build:wasm
import { proceed, readInput, reject } from '../../sdk/assemblyscript/switchyard';

export function on_request(): i32 {
  const input = readInput();
  if (input.includes('forbidden')) return reject(403, '${name} refused the request.');
  return proceed();
}
`;

const RUST_TEMPLATE = (name: string): string => `//! ${name}: a Switchyard policy in Rust. Build: wasm-modules/build-rust.sh
#[path = "../../sdk/rust/src/lib.rs"]
#[allow(dead_code)]
mod switchyard;

#[no_mangle]
pub extern "C" fn on_request() -> i32 {
    let input = switchyard::extism::read_input();
    switchyard::extism::respond(if input.contains("forbidden") {
        switchyard::reject(403, "${name} refused the request.")
    } else {
        switchyard::proceed()
    })
}
`;

const TEMPLATES: Readonly<Record<string, { file: string; build: string; render: (name: string) => string }>> = {
  as: { file: 'policy.ts', build: 'npm run build:wasm NAME', render: AS_TEMPLATE },
  rust: { file: 'policy.rs', build: 'wasm-modules/build-rust.sh', render: RUST_TEMPLATE },
};

/** `switchyard wasm new NAME --lang as|rust`: a policy that builds and loads as is. */
export function scaffoldPolicy(args: readonly string[]): number {
  const [name, flag, lang] = args;
  if (name === undefined || !/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new UsageError('wasm new needs a NAME (lowercase, digits, dashes)');
  if (flag !== '--lang' || lang === undefined) throw new UsageError('wasm new NAME --lang as|rust');
  const template = Object.hasOwn(TEMPLATES, lang) ? TEMPLATES[lang] : undefined;
  if (template === undefined) throw new UsageError(`--lang ${lang} is not available (as, rust)`);
  const dir = join(PACKAGE_ROOT, 'wasm-modules', 'examples', name);
  if (existsSync(dir)) throw new UsageError(`${dir} already exists`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, template.file), template.render(name));
  process.stdout.write(`created ${join(dir, template.file)}\nbuild it with: ${template.build.replace('NAME', name)}\n`);
  return 0;
}
