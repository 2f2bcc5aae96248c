import { expect } from 'chai';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { authConfig, bearer, KEYS } from '../../support/auth-fixture.js';

type ErrorBody = { error: { code: string; message: string } };

describe('profiling: CPU profiles and heap snapshots on the control plane', function () {
  this.timeout(120_000);
  let gateway: TestGateway;
  const call = (method: string, path: string, key: string = KEYS.admin) => fetch(`${gateway.url}${path}`, { method, headers: bearer(key) });

  before(async () => {
    gateway = await startGateway({ ...authConfig(), debug: { profiling_enabled: true, max_profile_seconds: 5 } });
  });
  after(() => gateway.close());

  it('GET /debug/pprof/profile?seconds=1 is a .cpuprofile download', async () => {
    const res = await call('GET', '/debug/pprof/profile?seconds=1');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="switchyard-[\dT-]+Z\.cpuprofile"$/);
    const profile = (await res.json()) as { nodes: unknown[]; startTime: number; endTime: number };
    expect(profile.nodes).to.be.an('array').that.is.not.empty;
    expect(profile.endTime - profile.startTime).to.be.at.least(900_000); // microseconds
  });

  it('bounds seconds, and takes one profile at a time (409)', async () => {
    for (const bad of ['0', '6', 'abc', '1.5', '-1']) {
      const res = await call('POST', `/debug/pprof/profile?seconds=${bad}`);
      expect(res.status, bad).to.equal(400);
      expect(((await res.json()) as ErrorBody).error.message).to.contain('from 1 to 5');
    }
    const running = call('POST', '/debug/pprof/profile?seconds=2');
    // The first holds the profiler while it records; poll until the second is refused.
    let refused: Response | undefined;
    for (let i = 0; i < 100 && refused === undefined; i++) {
      const second = await call('POST', '/start_profile');
      if (second.status === 409) refused = second;
      else if (second.status === 200) await (await call('POST', '/stop_profile')).text();
    }
    expect(refused?.status).to.equal(409);
    expect(((await refused!.json()) as ErrorBody).error).to.deep.include({ code: 'GW_ERR_PROFILING_BUSY' });
    expect((await running).status).to.equal(200);
  });

  it("SMG's /start_profile and /stop_profile give the profile in between", async () => {
    expect((await call('POST', '/stop_profile')).status, 'nothing started').to.equal(409);
    const started = await call('POST', '/start_profile');
    expect(started.status).to.equal(200);
    expect(await started.json()).to.deep.include({ status: 'started', max_seconds: 5 });
    expect((await call('POST', '/start_profile')).status, 'already started').to.equal(409);
    const stopped = await call('POST', '/stop_profile');
    expect(stopped.status).to.equal(200);
    expect(stopped.headers.get('content-disposition')).to.contain('.cpuprofile');
    expect(((await stopped.json()) as { nodes: unknown[] }).nodes).to.be.an('array');
  });

  it('GET /debug/pprof/heap is a heap snapshot download', async () => {
    const res = await call('GET', '/debug/pprof/heap');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.match(/\.heapsnapshot"$/);
    const snapshot = (await res.json()) as { snapshot: { node_count: number }; strings: unknown[] };
    expect(snapshot.snapshot.node_count).to.be.greaterThan(0);
    expect(snapshot.strings).to.be.an('array');
  });

  it('needs an admin: read-only control keys get 403, data-plane keys and no key 401', async () => {
    expect((await call('GET', '/debug/pprof/heap', KEYS.readOnly)).status).to.equal(403);
    expect((await call('GET', '/debug/pprof/profile?seconds=1', KEYS.readOnly)).status).to.equal(403);
    expect((await call('POST', '/start_profile', KEYS.user)).status).to.equal(401);
    expect((await fetch(`${gateway.url}/debug/pprof/heap`)).status).to.equal(401);
  });
});

describe('profiling is off by default', () => {
  it('answers 404 saying how to switch it on', async () => {
    const gateway = await startGateway(authConfig());
    try {
      for (const [method, path] of [['GET', '/debug/pprof/profile?seconds=1'], ['GET', '/debug/pprof/heap'], ['POST', '/start_profile'], ['POST', '/stop_profile']] as const) {
        const res = await fetch(`${gateway.url}${path}`, { method, headers: bearer(KEYS.admin) });
        expect(res.status, path).to.equal(404);
        const body = (await res.json()) as ErrorBody;
        expect(body.error.code).to.equal('GW_ERR_PROFILING_DISABLED');
        expect(body.error.message).to.contain('debug.profiling_enabled: true');
      }
    } finally {
      await gateway.close();
    }
  });
});
