import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfigFile } from '../../../../core/config/load-config.js';
import { resolveTestConfig } from '../../../support/start-gateway.js';
import { recordsOf } from '../../../../core/util/narrow-json.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('coerces a whole ${VAR} to the type the schema wants (port: ${PORT}), and only there', () => {
    const config = resolveTestConfig(
      {
        server: { port: '${PORT}', max_in_flight: '${IN_FLIGHT:-64}' },
        auth: { anonymous: '${OPEN}' },
        routing: { cache_aware: { cache_threshold: '${THRESHOLD}' } },
        routes: { '/v1/embeddings': { body: { max_bytes: '${EMBED_BYTES}' } } },
        workers: [{ url: 'http://127.0.0.1:8000', api_key: '${KEY}', models: ['m'] }],
      },
      { PORT: '8080', OPEN: 'true', THRESHOLD: '0.25', KEY: '12345', EMBED_BYTES: '1024' },
    );
    expect(config.server.port).to.equal(8080);
    expect(config.server.max_in_flight).to.equal(64);
    expect(config.auth.anonymous).to.equal(true);
    expect(recordsOf(config['workers'])[0]?.['api_key'], 'a string field keeps a numeric-looking secret as text').to.equal('12345');
    const err = configError(() => resolveTestConfig({ server: { port: '${PORT}', host: 'h-${PORT}' } }, { PORT: 'eighty' }));
    expect(err.issues.map((i) => `${i.path}: ${i.message}`)).to.deep.equal(['/server/port: must be integer']);
    const partial = configError(() => resolveTestConfig({ server: { port: '80${PORT}' } }, { PORT: '80' }));
    expect(partial.issues[0]?.path, 'only a value that is one reference is converted').to.equal('/server/port');
  });

  it('fills defaults, substitutes the environment and freezes the result', () => {
    const config = resolveTestConfig({ workers: [{ url: 'http://127.0.0.1:8000', api_key: '${KEY}', models: ['m'] }], log: { level: '${LEVEL:-warn}' } }, { KEY: 'sk-from-env' });
    const workers = recordsOf(config['workers']);
    expect(config.server).to.deep.equal({
      host: '127.0.0.1',
      port: 30000,
      body_limit_bytes: 33554432,
      drain_timeout_ms: 30000,
      state_dir: './switchyard-state',
      headers_timeout_ms: 10000,
      request_timeout_ms: 120000,
      max_connections: 10000,
      max_in_flight: 4096,
      json_max_depth: 64,
      json_max_containers: 100000,
    });
    expect(config.auth.anonymous, 'the data plane is closed unless a config opens it').to.equal(false);
    expect(workers[0]).to.deep.include({ api_key: 'sk-from-env', runtime: 'openai' });
    expect(config.log.level).to.equal('warn');
    expect(config.pipeline).to.deep.equal(['upstream']);
    expect(Object.isFrozen(workers[0]), 'plugin sections are frozen too').to.equal(true);
    expect(() => (config.server as { port: number }).port = 1).to.throw(TypeError);
  });

  it('reports every error at once with its path, and never echoes a missing secret', () => {
    const err = configError(() =>
      resolveTestConfig(
        {
          server: { port: 'eighty', bogus: 1 },
          workers: [{ url: 'ftp://x', runtime: 'nope', api_key: '${MISSING_SECRET}' }, { url: 'http://user:secret@10.0.0.1:8000' }],
          routing: { policy: 'magic' },
        },
        {},
        'test.yaml',
      ),
    );
    const lines = err.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).to.include('/workers/0/api_key: environment variable MISSING_SECRET is not set');
    expect(lines).to.include('/server/port: must be integer');
    expect(lines).to.include('/server/bogus: is not a known property');
    expect(lines.some((l) => l.startsWith('/workers/0/url: must match pattern'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('/workers/0/runtime: must be one of'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('/workers/1/url: must match pattern')), 'credentials in a worker URL are refused').to.equal(true);
    expect(lines.some((l) => l.startsWith('/routing/policy: must be one of'))).to.equal(true);
    expect(err.message).to.contain('test.yaml is invalid');
  });

  it('reads YAML and JSON files and reports syntax errors as config errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'server:\n  port: 1234\n');
    writeFileSync(join(dir, 'b.json'), '{"server": {"port": 4321}}');
    writeFileSync(join(dir, 'c.yaml'), 'server: [unclosed');
    expect(readConfigFile(join(dir, 'a.yaml'))).to.deep.equal({ server: { port: 1234 } });
    expect(readConfigFile(join(dir, 'b.json'))).to.deep.equal({ server: { port: 4321 } });
    expect(configError(() => readConfigFile(join(dir, 'c.yaml'))).issues[0]?.message).to.match(/^not valid YAML or JSON/);
    expect(configError(() => readConfigFile(join(dir, 'missing.yaml'))).issues[0]?.message).to.equal('cannot read file (ENOENT)');
  });
});
