import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { loadSchemaValidators } from '../core/schema/schema-validators.js';
import { parsePolicyOutput, POLICY_ACTION_SCHEMA_ID } from '../plugins/wasm-policies/policy-contract.js';
import { createInlineRunner } from '../plugins/wasm-policies/policy-runner.js';
import { prepareModule } from '../plugins/wasm-policies/prepare-module.js';
import { PHASES } from '../plugins/wasm-policies/policy-code.js';
import { standaloneWasmConfig } from '../plugins/wasm-policies/standalone-config.js';
import { UsageError } from './parse-launch-flags.js';
import { AS_SDK_FILE, RUST_SDK_DIR } from './build-policy.js';

export { buildPolicy } from './build-policy.js';

/**
 * `switchyard wasm run MODULE.wasm INPUT.json [--fn on_request]`: runs a policy against a fixture
 * with the gateway's own checks (memory cap, import allowlist, output schema), without a gateway.
 * Prints the action; exits 1 when the policy fails or answers something invalid.
 */
export async function runPolicy(modulePath: string, inputPath: string, fn: string): Promise<number> {
  const phase = PHASES.find((p) => p === fn);
  if (phase === undefined) throw new UsageError(`--fn must be one of ${PHASES.join(', ')}`, 'switchyard wasm run --help');
  const validators = loadSchemaValidators();
  const prepared = await prepareModule(readPolicyFile(modulePath, 'MODULE.wasm'), standaloneWasmConfig(validators));
  const runner = createInlineRunner(prepared.code);
  try {
    const output = await runner.call(phase, readPolicyFile(inputPath, 'INPUT.json').toString('utf8'));
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

const AS_TEMPLATE = (name: string): string => `// ${name}: a Switchyard policy in AssemblyScript. Build: switchyard wasm build (in this folder)
// Config: {"word": "forbidden", "status": 403}
import { configInt, configString, field, proceed, readInput, reject } from './${AS_SDK_FILE.replace(/\.ts$/, '')}';

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
#[path = "${RUST_SDK_DIR}/lib.rs"]
#[allow(dead_code)]
mod switchyard;
`;

const RUST_TEMPLATE = (name: string): string => `${RUST_HEADER(name, 'switchyard wasm build (in this folder)')}
#[no_mangle]
pub extern "C" fn on_request() -> i32 {
    switchyard::extism::respond(check(&switchyard::extism::read_input()))
}

${RUST_LOGIC(name)}`;

const RUST_COMPONENT_TEMPLATE = (name: string): string => `${RUST_HEADER(name, 'switchyard wasm build (in this folder; a WebAssembly component of the switchyard:policy world)')}
component_exports! { "on-request" => on_request }

fn on_request(input: &str) -> Result<String, String> {
    Ok(check(input))
}

${RUST_LOGIC(name)}`;

interface Template {
  readonly file: string;
  readonly render: (name: string) => string;
  /** The SDK files copied next to the policy (package path → path in the policy folder). */
  readonly sdk: Readonly<Record<string, string>>;
}

const AS_SDK = { 'wasm-modules/sdk/assemblyscript/switchyard.ts': AS_SDK_FILE };
const RUST_SDK = Object.fromEntries(['lib.rs', 'extism.rs', 'component.rs'].map((f) => [`wasm-modules/sdk/rust/src/${f}`, `${RUST_SDK_DIR}/${f}`]));

const TEMPLATES: Readonly<Record<string, Template>> = {
  as: { file: 'policy.ts', render: AS_TEMPLATE, sdk: AS_SDK },
  rust: { file: 'policy.rs', render: RUST_TEMPLATE, sdk: RUST_SDK },
  'rust-component': { file: 'policy.rs', render: RUST_COMPONENT_TEMPLATE, sdk: RUST_SDK },
};

/**
 * `switchyard wasm new NAME --lang as|rust|rust-component [--dir DIR]`: a policy in DIR/NAME (the
 * working directory by default, never the package's own folder) that builds with `wasm build` and
 * loads as is. The SDK is copied in, so the folder builds wherever it is moved.
 */
export function scaffoldPolicy(name: string, lang: string, parent: string): number {
  const help = 'switchyard wasm new --help';
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new UsageError(`wasm new: "${name}" is not a policy name (lowercase letters, digits, dashes; a letter first)`, help);
  const template = Object.hasOwn(TEMPLATES, lang) ? TEMPLATES[lang] : undefined;
  if (template === undefined) throw new UsageError(`--lang ${lang} is not available (${Object.keys(TEMPLATES).join(', ')})`, help);
  const dir = resolve(parent, name);
  if (existsSync(dir)) throw new UsageError(`${dir} already exists; choose another NAME or --dir`, help);
  mkdirSync(dir, { recursive: true });
  for (const [from, to] of Object.entries(template.sdk)) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(join(PACKAGE_ROOT, from), join(dir, to));
  }
  writeFileSync(join(dir, template.file), template.render(name));
  const shown = relative(process.cwd(), dir) || '.';
  process.stdout.write(`created ${join(dir, template.file)}
build it with: cd ${shown} && switchyard wasm build
`);
  return 0;
}

function readPolicyFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'switchyard wasm run --help');
  }
}
