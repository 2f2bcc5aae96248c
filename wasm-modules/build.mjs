// npm run build:wasm — builds the AssemblyScript policies: every examples/<name>/policy.ts into
// examples/<name>/<name>.wasm, and the test fixtures (AssemblyScript, and component fixtures from
// WebAssembly text through jco). Compilers and PDK come from npm, offline.
import { parse } from '@bytecodealliance/jco';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentize } from './componentize.mjs';
import { COMPONENT_FIXTURES, componentFixtureText } from './fixtures/components.mjs';

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
for (const name of Object.keys(COMPONENT_FIXTURES)) {
  const output = `fixtures/component-${name}.wasm`;
  if (only !== undefined && !output.includes(only)) continue;
  writeFileSync(join(here, output), await componentize(await parse(componentFixtureText(name))));
  console.log(`built ${output}`);
}
