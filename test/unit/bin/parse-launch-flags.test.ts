import { expect } from 'chai';
import { parseLaunchFlags, UsageError } from '../../../bin/parse-launch-flags.js';
import { composeLaunchConfig, EMBEDDED_DEFAULT_CONFIG } from '../../../bin/launch-config.js';
import { explainLaunchConfigError } from '../../../bin/explain-launch-error.js';
import { ConfigError, resolveConfig } from '../../../core/config/load-config.js';
import { loadSchemaValidators } from '../../../core/schema/schema-validators.js';
import { builtinPlugins } from '../../../plugins/builtin-plugins.js';
import { MAPPED_SMG_FLAGS, UNSUPPORTED_SMG_FLAGS } from '../../../bin/smg-flags.js';

describe('switchyard launch flags', () => {
  it("parses SMG's launch line: multi-value --worker-urls, --flag=value, repeats", () => {
    const flags = parseLaunchFlags(['--worker-urls', 'http://a:8000', 'http://b:8000', '--policy', 'round_robin', '--port=8080', '--worker-urls', 'http://c:8000', '--host', '0.0.0.0']);
    expect(flags).to.deep.equal({ workerUrls: ['http://a:8000', 'http://b:8000', 'http://c:8000'], policy: 'round_robin', port: 8080, host: '0.0.0.0' });
  });

  it('refuses unknown flags, missing values and non-numeric ports', () => {
    expect(() => parseLaunchFlags(['--bogus', 'x'])).to.throw(UsageError, /unknown option "--bogus"/);
    expect(() => parseLaunchFlags(['--port'])).to.throw(UsageError, /needs a value/);
    expect(() => parseLaunchFlags(['--port', '80a'])).to.throw(UsageError, /whole number/);
    expect(() => parseLaunchFlags(['--host', 'a', 'b'])).to.throw(UsageError, /one value/);
  });

  it("maps SMG's auth flags into the config's auth section", () => {
    const flags = parseLaunchFlags([
      '--api-key', 'sk-data-1', 'sk-data-2',
      '--control-plane-api-keys', 'ops:Ops Team:admin:sk:with:colons',
      '--jwt-issuer', 'https://idp', '--jwt-audience', 'sy', '--jwt-jwks-uri', 'https://idp/jwks',
      '--jwt-role-claim', 'groups', '--jwt-role-mapping', 'gw-admins=admin', '--jwt-role-mapping', 'gw-viewers=read-only',
    ]);
    const { raw } = composeLaunchConfig({ ...flags, workerUrls: ['http://127.0.0.1:9'] });
    expect(raw['auth']).to.deep.equal({
      api_keys: [{ id: 'cli-key-1', key: 'sk-data-1' }, { id: 'cli-key-2', key: 'sk-data-2' }],
      control_plane_api_keys: [{ id: 'ops', name: 'Ops Team', role: 'admin', key: 'sk:with:colons' }],
      jwt: { issuer: 'https://idp', audience: 'sy', jwks_uri: 'https://idp/jwks', role_claim: 'groups', role_mapping: { 'gw-admins': 'admin', 'gw-viewers': 'read-only' } },
    });
    expect(() => composeLaunchConfig(parseLaunchFlags(['--control-plane-api-keys', 'only:two']))).to.throw(UsageError, /id:name:role:key/);
    expect(() => composeLaunchConfig(parseLaunchFlags(['--jwt-role-mapping', 'noequals']))).to.throw(UsageError, /idp_role=gateway_role/);
  });

  it('--enable-wasm and --wasm-module-root fill the wasm section', () => {
    const { raw } = composeLaunchConfig(parseLaunchFlags(['--enable-wasm', '--wasm-module-root', '/srv/policies', '/opt/more', '--port', '1']));
    expect(raw['wasm']).to.deep.equal({ enabled: true, module_roots: ['/srv/policies', '/opt/more'] });
    expect(() => parseLaunchFlags(['--enable-wasm=yes'])).to.throw(UsageError, /takes no value/);
  });

  it('--extproc-port fills the extproc section; a bad port is blamed on the flag', () => {
    const { raw, flagPaths } = composeLaunchConfig(parseLaunchFlags(['--extproc-port', '50051']));
    expect(raw['extproc']).to.deep.equal({ port: 50051 });
    expect(() => parseLaunchFlags(['--extproc-port', 'grpc'])).to.throw(UsageError, /--extproc-port must be a whole number/);
    const text = explainLaunchConfigError(new ConfigError(EMBEDDED_DEFAULT_CONFIG, [{ path: '/extproc/port', message: 'must be <= 65535' }]), flagPaths);
    expect(text).to.contain('--extproc-port: must be <= 65535');
  });

  it('uses the embedded default without a config or workers, and flags override the file', () => {
    const embedded = composeLaunchConfig({ port: 1234, stateDir: '/tmp/x' });
    expect(embedded.source).to.equal(EMBEDDED_DEFAULT_CONFIG);
    expect(embedded.raw['server']).to.deep.include({ port: 1234, state_dir: '/tmp/x', host: '127.0.0.1' });
    expect((embedded.raw['workers'] as { runtime: string }[])[0]?.runtime).to.equal('demo');

    const fromUrls = composeLaunchConfig({ workerUrls: ['http://127.0.0.1:9'], logLevel: 'warn', policy: 'round_robin' });
    expect(fromUrls.raw).to.deep.equal({ workers: [{ url: 'http://127.0.0.1:9' }], log: { level: 'warn' }, routing: { policy: 'round_robin' } });
  });

  it("maps SMG's router flags onto config settings (seconds become milliseconds)", () => {
    const flags = parseLaunchFlags([
      '--cache-threshold', '0.3', '--balance-abs-threshold', '8', '--balance-rel-threshold', '1.2',
      '--request-timeout-secs', '600', '--max-concurrent-requests', '64', '--queue-size', '10', '--queue-timeout-secs', '5',
      '--retry-max-retries', '4', '--retry-initial-backoff-ms', '20', '--retry-max-backoff-ms', '500',
      '--cb-failure-threshold', '3', '--cb-success-threshold', '1', '--cb-timeout-duration-secs', '30',
    ]);
    const { raw } = composeLaunchConfig({ ...flags, workerUrls: ['http://127.0.0.1:9'] });
    expect(raw['routing']).to.deep.equal({ cache_aware: { cache_threshold: 0.3, balance_abs_threshold: 8, balance_rel_threshold: 1.2 } });
    expect(raw['stages']).to.deep.equal({ upstream: { total_timeout_ms: 600_000 } });
    expect(raw['server']).to.deep.equal({ max_in_flight: 64 });
    expect(raw['resilience']).to.deep.equal({
      queue: { max_waiting: 10, timeout_ms: 5000 },
      retries: { max_attempts: 4, initial_backoff_ms: 20, max_backoff_ms: 500 },
      circuit_breaker: { failure_threshold: 3, success_threshold: 1, cooldown_ms: 30_000 },
    });
    expect(() => resolveConfig(raw, loadSchemaValidators(), 'flags', builtinPlugins()), 'every mapped path is a real config setting').to.not.throw();
    expect(composeLaunchConfig({ ...parseLaunchFlags(['--cors-allowed-origins', 'https://a.example', 'https://b.example']), workerUrls: ['http://x'] }).raw['cors']).to.deep.equal({ allowed_origins: ['https://a.example', 'https://b.example'] });
    expect(composeLaunchConfig({ ...parseLaunchFlags(['--disable-retries']), workerUrls: ['http://x'] }).raw['resilience']).to.deep.equal({ retries: { max_attempts: 1 } });
    expect(() => parseLaunchFlags(['--cache-threshold', 'half'])).to.throw(UsageError, /--cache-threshold must be a number, got "half"/);
    expect(MAPPED_SMG_FLAGS.length).to.be.greaterThan(10);
  });

  it('refuses the SMG flags it does not support, each with the reason', () => {
    for (const flag of Object.keys(UNSUPPORTED_SMG_FLAGS)) {
      expect(() => parseLaunchFlags([flag, '1']), flag).to.throw(UsageError, new RegExp(`^${flag} is an SMG flag Switchyard does not support: .+`));
    }
    expect(() => parseLaunchFlags(['--prometheus-port=9090'])).to.throw(UsageError, /--prometheus-port .*own --host and --port/);
  });

  it('--enable-wasm without a module root names --wasm-module-root, not a schema path', () => {
    expect(() => composeLaunchConfig(parseLaunchFlags(['--enable-wasm']))).to.throw(UsageError, /--enable-wasm needs --wasm-module-root DIR/);
  });

  it('blames a schema error on the flag that set the path, never on the embedded default file', () => {
    const launch = composeLaunchConfig(parseLaunchFlags(['--port', '99999', '--cache-threshold', '2']));
    const err = new ConfigError(EMBEDDED_DEFAULT_CONFIG, [
      { path: '/server/port', message: 'must be <= 65535' },
      { path: '/routing/cache_aware/cache_threshold', message: 'must be <= 1' },
    ]);
    const text = explainLaunchConfigError(err, launch.flagPaths);
    expect(text).to.contain('  --port: must be <= 65535');
    expect(text).to.contain('  --cache-threshold: must be <= 1');
    expect(text).to.not.contain('default.yaml');
    const fromFile = explainLaunchConfigError(new ConfigError('my.yaml', [{ path: '/models', message: 'must be object' }]), launch.flagPaths);
    expect(fromFile).to.equal('my.yaml is invalid:\n  /models: must be object');
  });

  it('names the flag in commander errors: missing values, left-over values, typos', () => {
    expect(() => parseLaunchFlags(['--worker-urls'])).to.throw(UsageError, /^--worker-urls needs a value$/);
    expect(() => parseLaunchFlags(['--worker-url', 'http://a'])).to.throw(UsageError, /did you mean --worker-urls/);
    expect(() => parseLaunchFlags(['--prot', '1'])).to.throw(UsageError, /unknown option "--prot" \(did you mean --port\?\)/);
    expect(() => parseLaunchFlags(['--port=1', 'extra'])).to.throw(UsageError, /--port takes one value; "extra" is left over/);
  });

  it('--ha-redis-url turns the ha backend on with that Redis; a bad URL names the flag', () => {
    const { raw, flagPaths } = composeLaunchConfig({ ...parseLaunchFlags(['--ha-redis-url', 'redis://127.0.0.1:6390']), workerUrls: ['http://127.0.0.1:9'] });
    expect(raw['ha']).to.deep.equal({ backend: 'redis', redis: { url: 'redis://127.0.0.1:6390' } });
    expect(flagPaths.map((p) => p.flag)).to.include('--ha-redis-url');
    const bad = composeLaunchConfig({ ...parseLaunchFlags(['--ha-redis-url', 'http://nope']), workerUrls: ['http://127.0.0.1:9'] });
    try {
      resolveConfig(bad.raw, loadSchemaValidators(), bad.source, builtinPlugins());
      expect.fail('a non-redis URL must be refused');
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      expect(explainLaunchConfigError(err, bad.flagPaths)).to.contain('--ha-redis-url');
    }
  });
});
