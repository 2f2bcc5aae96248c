import { expect } from 'chai';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { resolveConfig } from '../../../../core/config/load-config.js';
import { SharedServices } from '../../../../core/pipeline/shared-services.js';
import { buildPipelines, PipelineBuildError } from '../../../../core/pipeline/build-pipelines.js';
import { StageRegistry } from '../../../../core/pipeline/stage-registry.js';
import type { StageDefinition } from '../../../../core/pipeline/stage-contract.js';
import type { PipelinesConfig } from '../../../../core/config/gateway-config.js';
import { DATA_PLANE_ROUTES } from '../../../../core/http/data-plane-routes.js';
import { WorkerPool } from '../../../../core/workers/worker-pool.js';
import { WorkerRouter } from '../../../../core/routing/worker-router.js';
import { ProviderRegistry } from '../../../../core/providers/provider-registry.js';
import { upstreamStage } from '../../../../plugins/upstream/index.js';
import { testValidators } from '../../../support/start-gateway.js';
import { buildExchange } from '../../../support/build-exchange.js';
import { createStateKey } from '../../../../core/pipeline/exchange-state.js';

const created: string[] = [];
const closed: string[] = [];

/** A pass-through stage that reuses the upstream schema so config validation has teeth. */
function passThrough(name: string, extra: Partial<StageDefinition> = {}): StageDefinition {
  return {
    name,
    configSchemaId: 'https://switchyard.dev/schemas/stages/upstream.schema.json',
    create: (config) => {
      created.push(`${name}:${JSON.stringify(config)}`);
      if (!Object.isFrozen(config)) throw new Error(`config of ${name} is not frozen`);
      return {
        handle: async (x, next) => {
          x.state.set(visits, [...(x.state.get(visits) ?? []), name]);
          await next();
        },
        close: () => {
          closed.push(name);
          return Promise.resolve();
        },
      };
    },
    ...extra,
  };
}
const visits = createStateKey<string[]>('test.visits');

function registry(): StageRegistry {
  const r = new StageRegistry();
  r.register(passThrough('first'));
  r.register(passThrough('second', { requires: ['first'] }));
  r.register(upstreamStage);
  return r;
}

function build(config: Partial<PipelinesConfig>, withImplicit = false) {
  const stages = registry();
  if (withImplicit) stages.registerImplicit(passThrough('always'));
  return buildPipelines({
    config: { pipeline: ['upstream'], stages: {}, routes: {}, ...config },
    routes: DATA_PLANE_ROUTES,
    registry: stages,
    validators: testValidators(),
    guardMissingAwait: true,
    depsFor: (routePath, routeStages) => ({
      logger: pino({ level: 'silent' }),
      config: resolveConfig({}, testValidators(), 'test', {}),
      shared: new SharedServices(),
      metricsRegistry: new Registry(),
      state: undefined,
      workers: new WorkerPool([], {}),
      router: new WorkerRouter(new WorkerPool([], {}), resolveConfig({}, testValidators(), 'test', {})),
      providers: new ProviderRegistry(),
      routePath,
      routeStages,
    }),
  });
}

async function buildError(config: Partial<PipelinesConfig>): Promise<PipelineBuildError> {
  const err = await build(config).then(() => undefined, (e: unknown) => e);
  expect(err).to.be.instanceOf(PipelineBuildError);
  return err as PipelineBuildError;
}

describe('buildPipelines', () => {
  beforeEach(() => {
    created.length = 0;
    closed.length = 0;
  });

  it('builds one pipeline per data-plane route in the configured order', async () => {
    const pipelines = await build({ pipeline: ['first', 'second', 'upstream'] });
    expect([...pipelines.keys()]).to.deep.equal(DATA_PLANE_ROUTES.map((r) => r.path));
    expect(pipelines.get('/v1/chat/completions')?.stageNames).to.deep.equal(['first', 'second', 'upstream']);
  });

  it('applies per-route pipelines, disabling by name and config overrides merged over defaults', async () => {
    const pipelines = await build({
      pipeline: ['first', 'upstream'],
      stages: { first: { headers_timeout_ms: 1000, stream_usage: 'passthrough' } },
      routes: {
        '/v1/embeddings': { disable: ['first'] },
        '/v1/completions': { stages: { first: { headers_timeout_ms: 5 } } },
      },
    });
    expect(pipelines.get('/v1/embeddings')?.stageNames).to.deep.equal(['upstream']);
    expect(created).to.include('first:{"headers_timeout_ms":5,"stream_usage":"passthrough","max_response_bytes":67108864,"connect_timeout_ms":10000,"idle_timeout_ms":300000,"total_timeout_ms":0}');
    expect(created).to.include('first:{"headers_timeout_ms":1000,"stream_usage":"passthrough","max_response_bytes":67108864,"connect_timeout_ms":10000,"idle_timeout_ms":300000,"total_timeout_ms":0}');
  });

  it('reports every problem at once, naming the stage and the route', async () => {
    const err = await buildError({
      pipeline: ['nope', 'upstream'],
      stages: { upstream: { headers_timeout_ms: 'soon', bogus: true } },
      routes: { '/v1/unknown': {}, '/v1/embeddings': { pipeline: ['upstream', 'first'] } },
    });
    const messages = err.issues.map((i) => `${i.path} ${i.message}`);
    expect(messages.some((m) => m.startsWith('routes./v1/unknown unknown route'))).to.equal(true);
    expect(messages.some((m) => m.includes('pipeline[0] unknown stage "nope"'))).to.equal(true);
    expect(messages.some((m) => m.includes('stages.upstream/headers_timeout_ms must be integer (stage "upstream", route /v1/chat/completions)'))).to.equal(true);
    expect(messages.some((m) => m.includes('stages.upstream/bogus is not a known property'))).to.equal(true);
    expect(messages.some((m) => m.includes('terminal stage "upstream" must be last on route /v1/embeddings'))).to.equal(true);
    expect(messages.some((m) => m.includes('must end with a terminal stage'))).to.equal(true);
    expect(created).to.deep.equal([], 'no stage is created from an invalid config');
  });

  it('implicit stages head every pipeline unless placed or disabled by name, and see the route\'s stage list', async () => {
    const pipelines = await build({ pipeline: ['first', 'upstream'], routes: { '/v1/embeddings': { disable: ['always'] }, '/v1/completions': { pipeline: ['first', 'always', 'upstream'] } } }, true);
    expect(pipelines.get('/v1/chat/completions')?.stageNames).to.deep.equal(['always', 'first', 'upstream']);
    expect(pipelines.get('/v1/embeddings')?.stageNames).to.deep.equal(['first', 'upstream']);
    expect(pipelines.get('/v1/completions')?.stageNames, 'placed explicitly: used where placed').to.deep.equal(['first', 'always', 'upstream']);
  });

  it('enforces `requires` ordering and refuses duplicates', async () => {
    const err = await buildError({ pipeline: ['second', 'first', 'first', 'upstream'] });
    const messages = err.issues.map((i) => i.message);
    expect(messages).to.include('stage "second" requires "first" earlier on route /v1/chat/completions');
    expect(messages).to.include('stage "first" appears twice on route /v1/chat/completions');
  });

  it('refuses a route left without a terminal stage and config for a stage not on the route', async () => {
    const err = await buildError({ routes: { '/v1/embeddings': { disable: ['upstream'], stages: { first: {} } } } });
    const messages = err.issues.map((i) => `${i.path} ${i.message}`);
    expect(messages).to.include('pipeline route /v1/embeddings has no stages');
    expect(messages).to.include('routes./v1/embeddings.stages.first stage "first" is configured but not in this route\'s pipeline');
  });

  it('freezes each stage config and the built pipeline runs its stages in order', async () => {
    const pipelines = await build({ pipeline: ['first', 'second', 'upstream'] });
    const x = buildExchange({ model: 'none', messages: [{ role: 'user' }] });
    const err = await pipelines.get('/v1/chat/completions')!.run(x).then(() => undefined, (e: unknown) => e);
    expect(x.state.get(visits)).to.deep.equal(['first', 'second']);
    expect(err).to.have.property('code', 'GW_ERR_ROUTING_MODEL_NOT_FOUND');
    await pipelines.get('/v1/chat/completions')!.close();
    expect(closed).to.deep.equal(['first', 'second']);
  });
});
