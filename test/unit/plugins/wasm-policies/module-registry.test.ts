import { expect } from 'chai';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { ModuleRegistry } from '../../../../plugins/wasm-policies/module-registry.js';
import { standaloneWasmConfig } from '../../../../plugins/wasm-policies/standalone-config.js';
import { testValidators } from '../../../support/start-gateway.js';

const ROOT = join(PACKAGE_ROOT, 'wasm-modules');

describe('ModuleRegistry', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);

  it('registrations of one name that overlap run one after the other: one live version, numbered in turn', async () => {
    const config = { ...standaloneWasmConfig(testValidators()), module_roots: [ROOT] };
    const registry = new ModuleRegistry(config, undefined, pino({ level: 'silent' }), new Registry());
    const spec = { name: 'guard', file_path: join(ROOT, 'fixtures/passthrough.wasm'), module_type: 'Middleware', attach_points: [{ Middleware: 'OnRequest' }], on_error: 'fail_closed', mode: 'isolated', timeout_ms: 10_000 } as const;
    try {
      // As the API and the file watcher may: both started before either is done. Before, both
      // replaced version 1, and the first of them stayed live beside the second, never retired.
      const versions = (await Promise.all([registry.register(spec), registry.register(spec), registry.register(spec)])).map((r) => r.version);
      expect(versions).to.deep.equal([1, 2, 3]);
      expect(registry.list().map((r) => [r.name, r.version])).to.deep.equal([['guard', 3]]);
    } finally {
      registry.close();
    }
  });
});
