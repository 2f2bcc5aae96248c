import { expect } from 'chai';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { buildPipelines, PipelineBuildError } from '../../../../core/pipeline/build-pipelines.js';
import { StageRegistry } from '../../../../core/pipeline/stage-registry.js';
import { StageStatsTable } from '../../../../core/pipeline/stage-stats.js';
import { defineStage, type AnyStageDefinition, type StageDefinition } from '../../../../core/pipeline/stage-contract.js';
import type { PipelinesConfig } from '../../../../core/config/gateway-config.js';
import { OPENAI_ROUTES } from '../../../../plugins/upstream/openai-routes.js';
import { testValidators } from '../../../support/start-gateway.js';
import { buildExchange } from '../../../support/build-exchange.js';
import { createStateKey } from '../../../../core/pipeline/exchange-state.js';
import type { RouteDescriptor } from '../../../../core/pipeline/exchange.js';

const created: string[] = [];
const closed: string[] = [];
const UPSTREAM_SCHEMA = 'https://switchyard.dev/schemas/stages/upstream.schema.json';

/** A pass-through stage that reuses the upstream schema so config validation has teeth. */
function passThrough(name: string, extra: Partial<StageDefinition<Record<string, unknown>>> = {}): AnyStageDefinition {
  return defineStage<Record<string, unknown>>({
    name,
    configSchemaId: UPSTREAM_SCHEMA,
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
  });
}
const visits = createStateKey<string[]>('test.visits');

/** A terminal stage that answers at once (the kernel's tests need no worker fleet). */
const answer = defineStage<Record<string, unknown>>({
  name: 'upstream',
  configSchemaId: UPSTREAM_SCHEMA,
  terminal: true,
  create: () => ({
    handle: (x) => {
      x.respond(200, { answered: true });
      return Promise.resolve();
    },
  }),
});

function registry(): StageRegistry {
  const r = new StageRegistry();
  r.register(passThrough('first'));
  r.register(passThrough('second', { requires: ['first'] }));
  r.register(answer);
  return r;
}

function build(config: Partial<PipelinesConfig>, withImplicit = false, routes: readonly RouteDescriptor[] = OPENAI_ROUTES) {
  const stages = registry();
  if (withImplicit) stages.registerImplicit(passThrough('always'));
  stages.register(defineStage<Record<string, unknown>>({ name: 'relay', configSchemaId: UPSTREAM_SCHEMA, terminal: true, create: () => ({ handle: () => Promise.resolve() }) }));
  return buildPipelines({
    config: { pipeline: ['upstream'], stages: {}, routes: {}, ...config },
    routes,
    registry: stages,
    validators: testValidators(),
    guardMissingAwait: true,
    stats: new StageStatsTable(),
    contextFor: (path, stageNames) => ({ logger: pino({ level: 'silent' }), metrics: new Registry(), state: undefined, route: { path, stages: stageNames } }),
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
    expect([...pipelines.keys()]).to.deep.equal(OPENAI_ROUTES.map((r) => r.path));
    expect(pipelines.get('/v1/chat/completions')?.stageNames).to.deep.equal(['first', 'second', 'upstream']);
  });

  it('withTerminal: the same stage instances with another terminal, ended as far as they ran', async () => {
    const pipelines = await build({ pipeline: ['first', 'second', 'upstream'] });
    const pipeline = pipelines.get('/v1/chat/completions')!;
    const ended: string[] = [];
    const instances = created.length;
    const replaced = pipeline.withTerminal({
      name: 'stand-in',
      stage: {
        handle: (x) => {
          x.respond(202, { stood_in: true });
          return Promise.resolve();
        },
        onResponseEnd: () => ended.push('stand-in'),
      },
    });
    expect(replaced.stageNames).to.deep.equal(['first', 'second', 'stand-in']);
    expect(pipeline.stageNames, 'the route\'s own pipeline is unchanged').to.deep.equal(['first', 'second', 'upstream']);
    const x = buildExchange();
    await replaced.run(x);
    expect(x.state.get(visits)).to.deep.equal(['first', 'second']);
    expect(x.response).to.deep.include({ status: 202, body: { stood_in: true } });
    replaced.end(x, { reason: 'sent', status: 202 });
    expect(ended).to.deep.equal(['stand-in']);
    expect(created.length, 'no new instances').to.equal(instances);
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
    expect(created).to.include('first:{"headers_timeout_ms":5,"stream_usage":"passthrough","max_response_bytes":67108864,"connect_timeout_ms":10000,"idle_timeout_ms":300000,"total_timeout_ms":0,"max_event_bytes":8388608}');
    expect(created).to.include('first:{"headers_timeout_ms":1000,"stream_usage":"passthrough","max_response_bytes":67108864,"connect_timeout_ms":10000,"idle_timeout_ms":300000,"total_timeout_ms":0,"max_event_bytes":8388608}');
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

  it('a route with its own terminal stage keeps the default pipeline\'s other stages and ends with its own', async () => {
    const relayed: RouteDescriptor = { path: '/v1/relayed', methods: ['POST'], operation: 'passthrough', streamable: false, terminalStage: 'relay' };
    const pipelines = await build({ pipeline: ['first', 'upstream'] }, true, [...OPENAI_ROUTES, relayed]);
    expect(pipelines.get('/v1/relayed')?.stageNames).to.deep.equal(['always', 'first', 'relay']);
    expect(pipelines.get('/v1/chat/completions')?.stageNames).to.deep.equal(['always', 'first', 'upstream']);
    const err = await build({ routes: { '/v1/relayed': { pipeline: ['first', 'upstream'] } } }, false, [relayed]).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(PipelineBuildError);
    expect((err as PipelineBuildError).issues.map((i) => i.message)).to.include('route /v1/relayed must end with its own terminal stage "relay"');
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
    await pipelines.get('/v1/chat/completions')!.run(x);
    expect(x.state.get(visits)).to.deep.equal(['first', 'second']);
    expect(x.response).to.deep.include({ status: 200, body: { answered: true } });
    expect(x.reached, 'the pipeline records how deep it got').to.equal(2);
    await pipelines.get('/v1/chat/completions')!.close();
    expect(closed).to.deep.equal(['first', 'second']);
  });
});
