import { expect } from 'chai';
import { parseLaunchFlags, UsageError } from '../../../bin/parse-launch-flags.js';
import { composeLaunchConfig, EMBEDDED_DEFAULT_CONFIG } from '../../../bin/launch-config.js';

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

  it('uses the embedded default without a config or workers, and flags override the file', () => {
    const embedded = composeLaunchConfig({ port: 1234, stateDir: '/tmp/x' });
    expect(embedded.source).to.equal(EMBEDDED_DEFAULT_CONFIG);
    expect(embedded.raw['server']).to.deep.include({ port: 1234, state_dir: '/tmp/x', host: '127.0.0.1' });
    expect((embedded.raw['workers'] as { runtime: string }[])[0]?.runtime).to.equal('demo');

    const fromUrls = composeLaunchConfig({ workerUrls: ['http://127.0.0.1:9'], logLevel: 'warn', policy: 'round_robin' });
    expect(fromUrls.raw).to.deep.equal({ workers: [{ url: 'http://127.0.0.1:9' }], log: { level: 'warn' }, routing: { policy: 'round_robin' } });
  });
});
