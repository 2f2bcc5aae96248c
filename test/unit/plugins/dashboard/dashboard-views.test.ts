import { expect } from 'chai';
import { Counter, Histogram, Registry } from 'prom-client';
import { pipelinesView } from '../../../../plugins/dashboard/pipelines-view.js';
import { staticAssetRoutes } from '../../../../plugins/dashboard/static-assets.js';
import { trafficSnapshot } from '../../../../plugins/dashboard/traffic-view.js';

describe('dashboard views', () => {
  it('pipelines: stages in order with their kind; route config over defaults; credentials hidden', () => {
    const view = pipelinesView(
      [
        { path: '/v1/embeddings', stages: ['wasm-attached', 'upstream'], counters: () => [] },
        { path: '/v1/chat/completions', stages: ['wasm-attached', 'rate-limit', 'wasm:guard', 'upstream'], counters: () => [] },
      ],
      {
        pipeline: ['upstream'],
        stages: { 'rate-limit': { window_ms: 60_000, estimate_prompt_tokens: true }, upstream: { api_key: 'sk-leak-0001', headers: { Authorization: 'x', 'x-secret-token': 'y' } } },
        routes: { '/v1/chat/completions': { pipeline: ['rate-limit', 'wasm:guard', 'upstream'], stages: { 'rate-limit': { window_ms: 1000 }, 'wasm:guard': { config: { password: 'p', keep: 1 } } } } },
      },
    );
    expect(view.map((r) => r.path), 'sorted by path').to.deep.equal(['/v1/chat/completions', '/v1/embeddings']);
    const [chat, embeddings] = view;
    expect(chat!.overridden).to.equal(true);
    expect(embeddings!.overridden).to.equal(false);
    expect(chat!.stages.map((s) => [s.name, s.kind])).to.deep.equal([['wasm-attached', 'implicit'], ['rate-limit', 'built-in'], ['wasm:guard', 'wasm'], ['upstream', 'built-in']]);
    expect(chat!.stages[1]!.config).to.deep.equal({ window_ms: 1000, estimate_prompt_tokens: true });
    expect(chat!.stages[2]!.config).to.deep.equal({ config: { password: '<redacted>', keep: 1 } });
    expect(JSON.stringify(view)).to.not.contain('sk-leak').and.not.contain('"x"').and.not.contain('"y"');
  });

  it('traffic: totals for data-plane routes only, errors split, histograms summed per bound', async () => {
    const registry = new Registry();
    const requests = new Counter({ name: 'switchyard_requests_total', help: 'h', labelNames: ['route', 'status', 'model'], registers: [registry] });
    const duration = new Histogram({ name: 'switchyard_request_duration_seconds', help: 'h', labelNames: ['route'], buckets: [0.1, 1], registers: [registry] });
    requests.inc({ route: '/v1/chat/completions', status: '200', model: 'a' }, 5);
    requests.inc({ route: '/v1/chat/completions', status: '429', model: 'a' }, 2);
    requests.inc({ route: '/v1/embeddings', status: '502', model: 'b' }, 1);
    requests.inc({ route: '/dashboard/api/traffic', status: '200', model: 'none' }, 40);
    const cost = new Counter({ name: 'llm_model_cost_total', help: 'h', labelNames: ['model', 'currency'], registers: [registry] });
    cost.inc({ model: 'a', currency: 'USD' }, 0.25);
    const pii = new Counter({ name: 'semantic_router_pii_detections_total', help: 'h', labelNames: ['entity', 'action', 'direction'], registers: [registry] });
    pii.inc({ entity: 'EMAIL', action: 'mask', direction: 'request' }, 2);
    duration.observe({ route: '/v1/chat/completions' }, 0.05);
    duration.observe({ route: '/v1/embeddings' }, 0.5);
    duration.observe({ route: '/workers' }, 0.01);
    const snapshot = await trafficSnapshot(registry, new Set(['/v1/chat/completions', '/v1/embeddings']), 1234);
    expect(snapshot).to.deep.include({ at: 1234, requests: 8, errors: 3, server_errors: 1, in_flight: 0 });
    expect(snapshot.by_model).to.deep.equal({ a: { requests: 7, errors: 2, input_tokens: 0, output_tokens: 0, cost: { USD: 0.25 } }, b: { requests: 1, errors: 1, input_tokens: 0, output_tokens: 0, cost: {} } });
    expect(snapshot.latency.count).to.equal(2);
    expect(snapshot.latency.buckets).to.deep.equal([['0.1', 1], ['1', 2], ['+Inf', 2]]);
    expect(snapshot.time_to_first_token).to.deep.equal({ count: 0, sum: 0, buckets: [] });
    expect(snapshot.pii_detections).to.deep.equal([{ entity: 'EMAIL', action: 'mask', direction: 'request', count: 2 }]);
  });

  it('static assets: a checkout never built still starts; its page answers 503 saying how to build it', async () => {
    const routes = staticAssetRoutes('/nonexistent/switchyard-dashboard-build');
    expect(routes.map((r) => r.path)).to.deep.equal(['/dashboard', '/dashboard/', '/dashboard/app.js', '/dashboard/app.css']);
    for (const route of routes) {
      const answer = await route.handle({ method: 'GET', path: route.path, params: {}, query: new URLSearchParams(), headers: {}, principal: undefined, requestId: 'r', body: undefined, signal: new AbortController().signal });
      expect(answer.status, route.path).to.equal(503);
      expect(String(answer.body)).to.contain('npm run build');
      expect(answer.headers?.['content-security-policy']).to.contain("default-src 'none'");
    }
  });
});
