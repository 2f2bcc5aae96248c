// Wraps a core module that implements the canonical ABI (the Rust SDK's `component_exports!`, or
// hand-written WAT) into a component of the switchyard:policy world, with jco's programmatic embed
// + new (its CLI `embed --wit` fails here, DESIGN §3). The world is sdk/wit/policy.wit cut down to
// the functions the module exports, so a policy need not implement every attach point.
//
// CLI: node wasm-modules/componentize.mjs CORE.wasm OUT.wasm
import { componentEmbed, componentNew } from '@bytecodealliance/jco';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** @param {Uint8Array} core @returns {Promise<Uint8Array>} */
export async function componentize(core) {
  const exported = new Set(WebAssembly.Module.exports(new WebAssembly.Module(core)).map((e) => e.name));
  const wit = readFileSync(join(here, 'sdk', 'wit', 'policy.wit'), 'utf8');
  const kept = wit.split('\n').filter((line) => {
    const name = /^\s*export ([a-z-]+):/.exec(line)?.[1];
    return name === undefined || exported.has(name);
  });
  if (!kept.some((line) => /^\s*export /.test(line))) {
    throw new Error('the module exports none of the policy world\'s functions (on-request, on-response, on-stream-chunk, on-error)');
  }
  const embedded = await componentEmbed({ binary: core, witSource: kept.join('\n'), world: 'policy', stringEncoding: 'utf8' });
  return componentNew(embedded);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [corePath, outPath] = process.argv.slice(2);
  if (corePath === undefined || outPath === undefined) {
    console.error('usage: componentize.mjs CORE.wasm OUT.wasm');
    process.exit(2);
  }
  writeFileSync(outPath, await componentize(readFileSync(corePath)));
}
