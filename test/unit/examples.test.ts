import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../core/app.js';
import { readConfigFile } from '../../core/config/load-config.js';
import { recordsOf } from '../../core/util/narrow-json.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { builtinPlugins } from '../../plugins/builtin-plugins.js';
import { resolveTestConfig, testValidators } from '../support/start-gateway.js';

describe('examples/', () => {
  const files = readdirSync(join(PACKAGE_ROOT, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f));

  it('has examples to check', () => {
    expect(files).to.include.members(['default.yaml', 'openai-compatible.yaml', 'secured.yaml', 'fleet.yaml', 'wasm-policies.yaml']);
  });

  for (const file of files) {
    it(`${file} validates and builds every route pipeline`, async () => {
      const path = join(PACKAGE_ROOT, 'examples', file);
      // Every ${VAR} an example references without a default gets a stand-in value.
      const names = [...readFileSync(path, 'utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
      const env = Object.fromEntries(names.map((name) => [name, `example-${name.toLowerCase()}-value`]));
      const config = resolveTestConfig(readConfigFile(path), env, file);
      expect(recordsOf(config['workers']).every((w) => w['models'] !== undefined), 'examples list models, so nothing is discovered over the network').to.equal(true);
      // Examples name real (non-loopback) workers: a config check contacts none of them.
      const app = await createApp(config, { plugins: builtinPlugins(), validators: testValidators(), logger: pino({ level: 'silent' }), checkOnly: true });
      try {
        expect([...app.generations.current.pipelines.keys()]).to.have.length.greaterThan(0);
      } finally {
        await app.close();
      }
    });
  }
});
