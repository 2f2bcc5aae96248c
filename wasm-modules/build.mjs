// npm run build:wasm — builds the AssemblyScript policies: every examples/<name>/policy.ts into
// examples/<name>/<name>.wasm, and the test fixtures. Compiler and PDK come from npm, offline.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const asc = join(here, '..', 'node_modules', '.bin', 'asc');
const examples = readdirSync(join(here, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, 'examples', entry.name, 'policy.ts')))
  .map((entry) => [`examples/${entry.name}/policy.ts`, `examples/${entry.name}/${entry.name}.wasm`]);
const fixtures = ['loop', 'trap', 'garbage', 'reject', 'passthrough', 'grow', 'flood', 'apologize', 'stream-guard'].map((name) => [`fixtures/${name}.ts`, `fixtures/${name}.wasm`]);
const only = process.argv[2];
for (const [source, output] of [...examples, ...fixtures]) {
  if (only !== undefined && !source.includes(only)) continue;
  // Paths are relative to wasm-modules/, which is also how --use names the SDK's abort handler.
  // `incremental` (a GC) rather than `stub`: with stub nothing is ever freed, and a policy that
  // builds strings runs out of its capped memory on large bodies.
  execFileSync(asc, [source, '--outFile', output, '--optimize', '--runtime', 'incremental', '--use', 'abort=sdk/assemblyscript/switchyard/abort'], { stdio: 'inherit', cwd: here });
  console.log(`built ${output}`);
}
