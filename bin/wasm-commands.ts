import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { loadSchemaValidators } from '../core/schema/schema-validators.js';
import { parsePolicyOutput, POLICY_ACTION_SCHEMA_ID } from '../plugins/wasm-policies/policy-contract.js';
import { createInlineRunner } from '../plugins/wasm-policies/policy-runner.js';
import { prepareModule } from '../plugins/wasm-policies/prepare-module.js';
import { PHASES } from '../plugins/wasm-policies/policy-code.js';
import { standaloneWasmConfig } from '../plugins/wasm-policies/standalone-config.js';
import { UsageError } from './parse-launch-flags.js';


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
  const validators = loadSchemaValidators();
  const prepared = await prepareModule(readFileSync(modulePath), standaloneWasmConfig(validators));
  const runner = createInlineRunner(prepared.code);
  try {
    const output = await runner.call(phase, readFileSync(inputPath, 'utf8'));
    const action = parsePolicyOutput(output, validators.ingressCheck(POLICY_ACTION_SCHEMA_ID));
    process.stdout.write(`${JSON.stringify(action, null, 2)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`policy failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await runner.close();
  }
}

const AS_TEMPLATE = (name: string): string => `// ${name}: a Switchyard policy in AssemblyScript. Build: npm run build:wasm ${name}
// Config: {"word": "forbidden", "status": 403}
import { configInt, configString, field, proceed, readInput, reject } from '../../sdk/assemblyscript/switchyard';

export function on_request(): i32 {
  const input = readInput();
  const word = configString(input, 'word', 'forbidden');
  const body = field(input, 'body');
  if (body != null && body.includes(word)) return reject(<i32>configInt(input, 'status', 403), '${name} refused the request.');
  return proceed();
}
`;

// The Rust templates share their policy logic; they differ in the ABI they export.
const RUST_LOGIC = (name: string): string => `/// Config: {"word": "forbidden", "status": 403}
fn check(input: &str) -> String {
    let word = switchyard::config_string(input, "word").unwrap_or_else(|| "forbidden".to_string());
    let status = switchyard::config_i64(input, "status").unwrap_or(403) as u16;
    match switchyard::field(input, "body") {
        Some(body) if body.contains(word.as_str()) => switchyard::reject(status, "${name} refused the request."),
        _ => switchyard::proceed(),
    }
}
`;

const RUST_HEADER = (name: string, build: string): string => `//! ${name}: a Switchyard policy in Rust. Build: ${build}
#[path = "../../sdk/rust/src/lib.rs"]
#[allow(dead_code)]
mod switchyard;
`;

const RUST_TEMPLATE = (name: string): string => `${RUST_HEADER(name, 'wasm-modules/build-rust.sh')}
#[no_mangle]
pub extern "C" fn on_request() -> i32 {
    switchyard::extism::respond(check(&switchyard::extism::read_input()))
}

${RUST_LOGIC(name)}`;

const RUST_COMPONENT_TEMPLATE = (name: string): string => `${RUST_HEADER(name, 'wasm-modules/build-rust.sh (a WebAssembly component of sdk/wit/policy.wit)')}
component_exports! { "on-request" => on_request }

fn on_request(input: &str) -> Result<String, String> {
    Ok(check(input))
}

${RUST_LOGIC(name)}`;

const TEMPLATES: Readonly<Record<string, { file: string; build: string; render: (name: string) => string }>> = {
  as: { file: 'policy.ts', build: 'npm run build:wasm NAME', render: AS_TEMPLATE },
  rust: { file: 'policy.rs', build: 'wasm-modules/build-rust.sh', render: RUST_TEMPLATE },
  'rust-component': { file: 'policy.rs', build: 'wasm-modules/build-rust.sh', render: RUST_COMPONENT_TEMPLATE },
};

/** `switchyard wasm new NAME --lang as|rust|rust-component`: a policy that builds and loads as is. */
export function scaffoldPolicy(args: readonly string[]): number {
  const [name, flag, lang] = args;
  if (name === undefined || !/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new UsageError('wasm new needs a NAME (lowercase, digits, dashes)');
  if (flag !== '--lang' || lang === undefined) throw new UsageError('wasm new NAME --lang as|rust|rust-component');
  const template = Object.hasOwn(TEMPLATES, lang) ? TEMPLATES[lang] : undefined;
  if (template === undefined) throw new UsageError(`--lang ${lang} is not available (${Object.keys(TEMPLATES).join(', ')})`);
  const dir = join(PACKAGE_ROOT, 'wasm-modules', 'examples', name);
  if (existsSync(dir)) throw new UsageError(`${dir} already exists`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, template.file), template.render(name));
  process.stdout.write(`created ${join(dir, template.file)}\nbuild it with: ${template.build.replace('NAME', name)}\n`);
  return 0;
}
