import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGateway } from '../../support/start-gateway.js';

describe('/v1/models shows what the workers report', function () {
  this.timeout(30_000);

  it('context length and max tokens discovered from each worker, unless the config says otherwise', async () => {
    const upstream = await new FakeUpstream().start();
    upstream.models = ['vllm-model', 'configured', 'plain'];
    upstream.modelFields = { 'vllm-model': { max_model_len: 32768 }, configured: { context_length: 4096, max_output_tokens: 512 } };
    const gateway = await startGateway({ workers: [{ url: upstream.url }], models: { configured: { context_window: 8192 } } });
    try {
      const list = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data: Record<string, unknown>[] };
      const byId = new Map(list.data.map((m): [unknown, Record<string, unknown>] => [m['id'], m]));
      expect(byId.get('vllm-model')).to.deep.include({ context_window: 32768 });
      expect(byId.get('configured'), 'the config wins; what it leaves out is discovered').to.deep.include({ context_window: 8192, max_tokens: 512 });
      expect(byId.get('plain')).to.not.have.property('context_window');
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});
