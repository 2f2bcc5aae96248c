import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../../core/package-root.js';

describe('the classify plugin without classification in the config', () => {
  it('never loads onnxruntime nor the model, and adds nothing to /health', async function () {
    this.timeout(60_000); // a child process on a busy machine; this only guards against a hang
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).some((key) => key.includes('onnxruntime-node'));
      const { startGateway, postJson } = await import('./test/support/start-gateway.ts');
      const gateway = await startGateway({ workers: [{ url: 'demo://local', runtime: 'demo', models: ['switchyard-demo'] }] });
      const chat = await postJson(gateway.url + '/v1/chat/completions', { model: 'switchyard-demo', messages: [{ role: 'user', content: 'hi' }] });
      const health = await (await fetch(gateway.url + '/health')).json();
      await gateway.close();
      console.log(JSON.stringify({ chat: chat.status, health: Object.keys(health).sort(), onnxruntime: loaded() }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PACKAGE_ROOT });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).to.deep.equal({ chat: 200, health: ['endpoints', 'status', 'uptime_seconds', 'version'], onnxruntime: false });
  });
});
