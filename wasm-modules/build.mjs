// npm run build:wasm — builds the AssemblyScript policies (compiler and PDK from npm, offline).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const asc = join(here, '..', 'node_modules', '.bin', 'asc');
const targets = [
  ['examples/pii-masker/policy.ts', 'examples/pii-masker/pii-masker.wasm'],
  ...['loop', 'trap', 'garbage', 'reject', 'passthrough', 'grow', 'flood'].map((name) => [`fixtures/${name}.ts`, `fixtures/${name}.wasm`]),
];
for (const [source, output] of targets) {
  // Paths are relative to wasm-modules/, which is also how --use names the SDK's abort handler.
  execFileSync(asc, [source, '--outFile', output, '--optimize', '--runtime', 'stub', '--use', 'abort=sdk/assemblyscript/switchyard/abort'], { stdio: 'inherit', cwd: here });
  console.log(`built ${output}`);
}
