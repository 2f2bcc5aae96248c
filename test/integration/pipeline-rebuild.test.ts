import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { readSseEvents } from '../support/read-sse.js';
import { postJson, resolveTestConfig, startGateway } from '../support/start-gateway.js';

describe('rebuilding pipelines on a running gateway', () => {
  it('swaps atomically: an in-flight stream finishes on its generation, new requests use the new one', async () => {
    const upstream = await new FakeUpstream().start();
    const raw = { auth: { anonymous: true }, workers: [{ url: upstream.url, models: ['fake-model'] }] };
    const gateway = await startGateway(raw);
    try {
      const release = upstream.holdStreamsAfter(2);
      const chat = { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] };
      const inFlight = await postJson(`${gateway.url}/v1/chat/completions`, chat);
      const before = gateway.app.generations.current;
      expect(before.inFlight).to.equal(1);

      const next = resolveTestConfig({ ...raw, stages: { upstream: { stream_usage: 'passthrough' } } }, {}, 'reload');
      const { retired } = await gateway.app.reload(next);
      expect(gateway.app.generations.current.id).to.equal(before.id + 1);

      expect(upstream.chatBodies().map((b) => 'stream_options' in b), 'the old stream was sent with include_usage').to.deep.equal([true]);
      upstream.reset();
      await readSseEvents(await postJson(`${gateway.url}/v1/chat/completions`, chat));
      // The new generation no longer injects include_usage; the old stream was sent with it.
      expect(upstream.chatBodies().map((b) => 'stream_options' in b)).to.deep.equal([false]);

      let retiredEarly = false;
      void retired.then(() => (retiredEarly = true));
      // The new request above finished completely; the old stream is still held at the worker.
      await new Promise((r) => setImmediate(r));
      expect(retiredEarly, 'the old generation waits for its stream').to.equal(false);
      expect(before.inFlight).to.equal(1);
      release();
      const events = await readSseEvents(inFlight);
      expect(events.at(-1)).to.equal('[DONE]');
      await retired;
      expect(before.inFlight).to.equal(0);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });

  it('a bad config never replaces the running pipelines', async () => {
    const upstream = await new FakeUpstream().start();
    const raw = { auth: { anonymous: true }, workers: [{ url: upstream.url, models: ['fake-model'] }] };
    const gateway = await startGateway(raw);
    try {
      const current = gateway.app.generations.current;
      const bad = resolveTestConfig({ ...raw, pipeline: ['missing-stage', 'upstream'] }, {}, 'reload');
      const err = await gateway.app.reload(bad).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property('name', 'PipelineBuildError');
      expect(gateway.app.generations.current).to.equal(current);
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).to.equal(200);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});
