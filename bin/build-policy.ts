import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { UsageError } from './parse-launch-flags.js';
import { BuildFailed } from './build-failed.js';

/** Where `wasm new` puts the AssemblyScript SDK in a policy's folder (imported as `./switchyard-sdk`). */
export const AS_SDK_FILE = 'switchyard-sdk.ts';
/** Where `wasm new` puts the Rust SDK in a policy's folder (`#[path = "switchyard-sdk/lib.rs"]`). */
export const RUST_SDK_DIR = 'switchyard-sdk';

/** The Debian toolchain build-rust.sh uses: rustup's stable has no wasm32 target offline. */
const RUSTC = '/usr/bin/rustc';

const HELP = 'switchyard wasm build --help';

/**
 * `switchyard wasm build [DIR] [--out FILE]`: compiles the policy in DIR (policy.ts with the
 * AssemblyScript compiler, policy.rs with rustc, wrapped into a component when it declares
 * `component_exports!`) into DIR/<folder name>.wasm. Works from any directory: the compilers and
 * the SDK's dependencies come from this package, never from the working directory.
 */
export function buildPolicy(dirArg: string, outArg: string | undefined): number {
  const dir = resolve(dirArg);
  const name = basename(dir);
  const out = resolve(outArg ?? join(dir, `${name}.wasm`));
  if (existsSync(join(dir, 'policy.ts'))) buildAssemblyScript(dir, out);
  else if (existsSync(join(dir, 'policy.rs'))) buildRust(dir, out);
  else throw new UsageError(`${dir} has no policy.ts or policy.rs (switchyard wasm new NAME --lang as|rust|rust-component creates one)`, HELP);
  process.stdout.write(`built ${out}\n`);
  return 0;
}

function buildAssemblyScript(dir: string, out: string): void {
  const asc = findAsc();
  const source = readFileSync(join(dir, 'policy.ts'), 'utf8');
  // The SDK's `abort` replaces AssemblyScript's (a policy must not print or exit the host); --use
  // names it by its path from the compiler's working directory, without the extension.
  const wasmModules = join(PACKAGE_ROOT, 'wasm-modules');
  let cwd: string;
  let abort: string;
  if (source.includes(`'./${AS_SDK_FILE.replace(/\.ts$/, '')}'`)) {
    cwd = dir;
    abort = `${AS_SDK_FILE.replace(/\.ts$/, '')}/abort`;
  } else if (dir.startsWith(wasmModules + sep)) {
    cwd = wasmModules; // the repository's own examples import sdk/ by a relative path
    abort = 'sdk/assemblyscript/switchyard/abort';
  } else {
    throw new UsageError(`${join(dir, 'policy.ts')} must import the SDK from './${AS_SDK_FILE.replace(/\.ts$/, '')}' (as switchyard wasm new writes it)`, HELP);
  }
  const args = [relative(cwd, join(dir, 'policy.ts')), '--outFile', out, '--optimize', '--runtime', 'incremental', '--use', `abort=${abort}`, '--path', join(PACKAGE_ROOT, 'node_modules')];
  run(process.execPath, [asc, ...args], cwd, 'asc');
}

function findAsc(): string {
  try {
    const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
    const pkg = require.resolve('assemblyscript/package.json');
    require.resolve('@extism/as-pdk/package.json');
    return join(dirname(pkg), 'bin', 'asc.js');
  } catch {
    // Both are dependencies of switchyard (an installed package builds policies too); missing means a broken install.
    throw new UsageError(`the AssemblyScript compiler (a dependency of switchyard) is missing: reinstall switchyard, or run \`npm install assemblyscript @extism/as-pdk\` in ${PACKAGE_ROOT}`, HELP);
  }
}

function buildRust(dir: string, out: string): void {
  if (!existsSync(RUSTC)) throw new UsageError(`Debian's rustc is missing (${RUSTC}): apt-get install rustc libstd-rust-dev-wasm32 lld`, HELP);
  const component = readFileSync(join(dir, 'policy.rs'), 'utf8').includes('component_exports!');
  const scratch = component ? mkdtempSync(join(tmpdir(), 'switchyard-rust-')) : undefined;
  const core = scratch === undefined ? out : join(scratch, 'core.wasm');
  try {
    const flags = ['--edition', '2021', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib', '-C', 'opt-level=s', '-C', 'lto', '-C', 'strip=symbols', '-C', 'panic=abort'];
    run(RUSTC, [...flags, '--remap-path-prefix', `${dir}=.`, '-o', core, 'policy.rs'], dir, 'rustc');
    if (scratch !== undefined) run(process.execPath, [join(PACKAGE_ROOT, 'wasm-modules', 'componentize.mjs'), core, out], dir, 'componentize');
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a compiler with its output passed through; a failure ends the command (exit 1). */
function run(command: string, args: readonly string[], cwd: string, what: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new BuildFailed(`${what} failed (exit ${result.status ?? result.signal ?? '?'}); its errors are above`);
}
