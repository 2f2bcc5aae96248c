import { expect } from 'chai';
import { GenerationHolder } from '../../../../core/pipeline/pipeline-generations.js';
import type { RoutePipeline } from '../../../../core/pipeline/build-pipelines.js';
import { CHAT_ROUTE } from '../../../support/build-exchange.js';

const CONFIG = { pipeline: ['upstream'], stages: {}, routes: {} };

function pipelines(label: string, closed: string[]): Map<string, RoutePipeline> {
  return new Map([
    [
      CHAT_ROUTE.path,
      {
        route: CHAT_ROUTE,
        stageNames: [label],
        run: () => Promise.resolve(),
        end: () => undefined,
        withTerminal: () => ({ stageNames: [label], run: () => Promise.resolve(), end: () => undefined }),
        close: () => {
          closed.push(label);
          return Promise.resolve();
        },
      },
    ],
  ]);
}

describe('GenerationHolder', () => {
  it('swaps atomically: new leases get the new generation, old leases keep the old one', async () => {
    const closed: string[] = [];
    const holder = new GenerationHolder(pipelines('v1', closed), CONFIG);
    const old = holder.current;
    const releaseOld = old.lease();

    const { generation, retired } = holder.swap(pipelines('v2', closed), CONFIG);
    expect(holder.current).to.equal(generation);
    expect(generation.id).to.equal(old.id + 1);
    expect(holder.current.pipelines.get(CHAT_ROUTE.path)?.stageNames).to.deep.equal(['v2']);
    expect(old.pipelines.get(CHAT_ROUTE.path)?.stageNames).to.deep.equal(['v1']);

    let retiredDone = false;
    void retired.then(() => (retiredDone = true));
    await new Promise((r) => setImmediate(r));
    expect(retiredDone, 'the old generation waits for its in-flight request').to.equal(false);
    expect(closed).to.deep.equal([]);

    releaseOld();
    releaseOld(); // releasing twice must not under-count
    await retired;
    expect(retiredDone).to.equal(true);
    expect(closed).to.deep.equal(['v1']);
    expect(old.inFlight).to.equal(0);
  });

  it('retires an idle generation at once and closes the current one on close()', async () => {
    const closed: string[] = [];
    const holder = new GenerationHolder(pipelines('v1', closed), CONFIG);
    await holder.swap(pipelines('v2', closed), CONFIG).retired;
    expect(closed).to.deep.equal(['v1']);
    const release = holder.current.lease();
    const closing = holder.close();
    await new Promise((r) => setImmediate(r));
    expect(closed).to.deep.equal(['v1']);
    release();
    await closing;
    expect(closed).to.deep.equal(['v1', 'v2']);
  });
});
