import { expect } from 'chai';
import { parseLaunchFlags, UsageError } from '../../../../core/cli/parse-launch-flags.js';
import { composeLaunchConfig, EMBEDDED_DEFAULT_CONFIG } from '../../../../core/cli/launch-config.js';

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

  it('uses the embedded default without a config or workers, and flags override the file', () => {
    const embedded = composeLaunchConfig({ port: 1234, stateDir: '/tmp/x' });
    expect(embedded.source).to.equal(EMBEDDED_DEFAULT_CONFIG);
    expect(embedded.raw['server']).to.deep.include({ port: 1234, state_dir: '/tmp/x', host: '127.0.0.1' });
    expect((embedded.raw['workers'] as { runtime: string }[])[0]?.runtime).to.equal('demo');

    const fromUrls = composeLaunchConfig({ workerUrls: ['http://127.0.0.1:9'], logLevel: 'warn', policy: 'round_robin' });
    expect(fromUrls.raw).to.deep.equal({ workers: [{ url: 'http://127.0.0.1:9' }], log: { level: 'warn' }, routing: { policy: 'round_robin' } });
  });
});
