import { expect } from 'chai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfigFile } from '../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { recordOf, recordsOf } from '../../core/util/narrow-json.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { postJson, startGateway } from '../support/start-gateway.js';

/** The environment each example documents, and the key a client sends. */
const ENV: Readonly<Record<string, string>> = {
  OPENAI_API_KEY: 'sk-example-openai',
  ANTHROPIC_API_KEY: 'sk-ant-example',
  GATEWAY_KEY: 'sk-example-gateway-key',
  TEAM_A_KEY: 'sk-example-team-a-key',
  TEAM_KEY: 'sk-example-team-key',
  OPS_KEY: 'sk-example-ops-key',
  PII_HASH_KEY: 'example-pii-hash-key-0123456789',
  HA_SEAL_KEY: 'example-ha-seal-key-0123456789',
};
const CLIENT_KEY: Readonly<Record<string, string | undefined>> = {
  'openai-compatible.yaml': ENV['GATEWAY_KEY'],
  'fleet.yaml': ENV['GATEWAY_KEY'],
  'secured.yaml': ENV['TEAM_A_KEY'],
  'rate-limit.yaml': ENV['TEAM_KEY'],
  'budget.yaml': ENV['TEAM_KEY'],
  'chat-stream.yaml': ENV['GATEWAY_KEY'],
  'quickstart.yaml': ENV['GATEWAY_KEY'],
  'replicas.yaml': ENV['GATEWAY_KEY'],
};

/**
 * Every example answers a real chat request through its own pipeline. Workers on real hosts are
 * pointed at a local fake (the example's models kept), and shared backends kept in process, so
 * the run is offline; everything else is the file as written.
 */
describe('examples/ serve a real request', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  after(() => upstream.stop());

  const files = readdirSync(join(PACKAGE_ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
  for (const file of files) {
    it(file, async () => {
      const raw = recordOf(readConfigFile(join(PACKAGE_ROOT, 'examples', file)));
      const local = (worker: Readonly<Record<string, unknown>>): Record<string, unknown> =>
        String(worker['url']).startsWith('demo://') ? { ...worker } : { ...worker, url: upstream.url, runtime: 'openai', api_key: 'sk-fake', health: { interval_ms: 0 } };
      const workers = recordsOf(raw['workers']).map(local);
      upstream.models = workers.flatMap((w) => (Array.isArray(w['models']) ? w['models'].filter((m): m is string => typeof m === 'string') : []));
      const config: Record<string, unknown> = {
        ...raw,
        server: { ...recordOf(raw['server']), state_dir: mkdtempSync(join(tmpdir(), 'sy-example-')) },
        workers,
        providers: Object.fromEntries(Object.entries(recordOf(raw['providers'])).map(([name, spec]) => [name, local(recordOf(spec))])),
        ...(isJsonObject(raw['limits']) ? { limits: { ...raw['limits'], backend: 'memory' } } : {}),
        ...(isJsonObject(raw['ha']) ? { ha: { ...raw['ha'], backend: 'none' } } : {}),
      };
      const gateway = await startGateway(substitute(config), { stateDir: String(recordOf(config['server'])['state_dir']) });
      try {
        const model = String(recordsOf(workers[0]?.['models'])[0] ?? (Array.isArray(workers[0]?.['models']) ? workers[0]['models'][0] : ''));
        const key = CLIENT_KEY[file];
        const res = await postJson(`${gateway.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'hello' }] }, key === undefined ? {} : { authorization: `Bearer ${key}` });
        expect(res.status, await res.clone().text()).to.equal(200);
        const body = (await res.json()) as { choices: { message: { content: string } }[] };
        expect(body.choices[0]?.message.content).to.be.a('string').and.not.equal('');
      } finally {
        await gateway.close();
      }
    });
  }
});

/** `${NAME}` and `${NAME:-default}` from ENV, as the CLI would from the environment. */
function substitute(value: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(value).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => ENV[name] ?? fallback ?? '');
  return recordOf(JSON.parse(text));
}
