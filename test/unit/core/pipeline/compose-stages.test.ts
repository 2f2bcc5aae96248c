import { expect } from 'chai';
import { composeStages, type NamedStage } from '../../../../core/pipeline/compose-stages.js';
import type { Stage } from '../../../../core/pipeline/stage-contract.js';
import { GatewayError } from '../../../../core/errors/gateway-error.js';
import { buildExchange } from '../../../support/build-exchange.js';

function tracing(name: string, log: string[]): NamedStage {
  const stage: Stage = {
    async handle(_x, next) {
      log.push(`${name}:in`);
      await next();
      log.push(`${name}:out`);
    },
  };
  return { name, stage };
}

describe('composeStages', () => {
  for (const guardMissingAwait of [true, false]) {
    describe(`with the missing-await guard ${guardMissingAwait ? 'on' : 'off'}`, () => {
      it('runs stages forward on the way in and in reverse on the way out', async () => {
        const log: string[] = [];
        const run = composeStages([tracing('a', log), tracing('b', log), tracing('c', log)], { guardMissingAwait });
        await run(buildExchange());
        expect(log).to.deep.equal(['a:in', 'b:in', 'c:in', 'c:out', 'b:out', 'a:out']);
      });

      it('starts no stage once the client has gone: what it would hold could never be released', async () => {
        const log: string[] = [];
        const client = new AbortController();
        let resume = (): void => undefined;
        const waiting: NamedStage = {
          name: 'waits',
          stage: {
            async handle(_x, next) {
              await new Promise<void>((resolve) => (resume = resolve));
              await next();
            },
          },
        };
        const run = composeStages([waiting, tracing('b', log)], { guardMissingAwait });
        const outcome = run(buildExchange(undefined, undefined, client.signal)).then(() => 'finished', (err: unknown) => err);
        // The client leaves while the first stage waits; the end phase has run for what was reached.
        client.abort(new GatewayError('GW_ERR_REQUEST_ABORTED', 'Client closed the connection.'));
        resume();
        expect(await outcome).to.be.instanceOf(GatewayError).with.property('code', 'GW_ERR_REQUEST_ABORTED');
        expect(log, 'the next stage was never entered').to.deep.equal([]);
      });

      it('lets a stage short-circuit: later stages never run, earlier ones see the response', async () => {
        const log: string[] = [];
        const seen: unknown[] = [];
        const observer: NamedStage = {
          name: 'observer',
          stage: {
            async handle(x, next) {
              await next();
              seen.push(x.response?.status);
            },
          },
        };
        const blocker: NamedStage = {
          name: 'blocker',
          stage: {
            handle(x) {
              x.respond(403, { error: 'no' });
              return Promise.resolve();
            },
          },
        };
        const run = composeStages([observer, blocker, tracing('never', log)], { guardMissingAwait });
        const x = buildExchange();
        await run(x);
        expect(log).to.deep.equal([]);
        expect(seen).to.deep.equal([403]);
        expect(x.response).to.deep.include({ kind: 'json', status: 403 });
      });

      it('propagates a downstream error to upstream stages, which may catch it', async () => {
        const caught: unknown[] = [];
        const catcher: NamedStage = {
          name: 'catcher',
          stage: {
            async handle(_x, next) {
              try {
                await next();
              } catch (err) {
                caught.push((err as Error).message);
              }
            },
          },
        };
        const thrower: NamedStage = { name: 'thrower', stage: { handle: () => Promise.reject(new Error('boom')) } };
        await composeStages([catcher, thrower], { guardMissingAwait })(buildExchange());
        expect(caught).to.deep.equal(['boom']);
      });

      it('refuses a stage that calls next() twice', async () => {
        const twice: NamedStage = {
          name: 'twice',
          stage: {
            async handle(_x, next) {
              await next();
              await next();
            },
          },
        };
        const err = await composeStages([twice, tracing('end', [])], { guardMissingAwait })(buildExchange()).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(GatewayError).with.property('code', 'GW_ERR_PIPELINE_NEXT_CALLED_TWICE');
      });
    });
  }

  it('the guard fails a request whose stage forgot to await next(), naming the stage', async () => {
    const log: string[] = [];
    const forgetful: NamedStage = {
      name: 'forgetful',
      stage: {
        handle(_x, next) {
          void next();
          return Promise.resolve();
        },
      },
    };
    const slow: NamedStage = {
      name: 'slow',
      stage: {
        async handle(x) {
          await new Promise((r) => setTimeout(r, 5));
          log.push('slow done');
          x.respond(200, {});
        },
      },
    };
    const err = await composeStages([forgetful, slow], { guardMissingAwait: true })(buildExchange()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(GatewayError).with.property('code', 'GW_ERR_PIPELINE_NEXT_NOT_AWAITED');
    expect((err as Error).message).to.contain('"forgetful"');
  });

  it('an empty pipeline resolves without a response', async () => {
    const x = buildExchange();
    await composeStages([], { guardMissingAwait: true })(x);
    expect(x.response).to.equal(undefined);
  });
});

describe('composeStages: a stage that repeats next()', () => {
  it('may run the rest of the pipeline again once the previous run settled; others may not', async () => {
    const turns: number[] = [];
    let turn = 0;
    const run = composeStages(
      [
        {
          name: 'loop',
          repeatsNext: true,
          stage: {
            async handle(_x, next) {
              await next();
              await next();
            },
          },
        },
        { name: 'terminal', stage: { handle: () => Promise.resolve(void turns.push(++turn)) } },
      ],
      { guardMissingAwait: true },
    );
    await run(buildExchange());
    expect(turns).to.deep.equal([1, 2]);
    const strict = composeStages(
      [
        { name: 'once', stage: { async handle(_x, next) { await next(); await next(); } } },
        { name: 'terminal', stage: { handle: () => Promise.resolve() } },
      ],
      { guardMissingAwait: true },
    );
    const err = await strict(buildExchange()).then(() => undefined, (e: unknown) => e);
    expect(err).to.have.property('code', 'GW_ERR_PIPELINE_NEXT_CALLED_TWICE');
  });
});

describe('composeStages: what each stage did', () => {
  const passOn = (name: string): NamedStage => ({ name, stage: { handle: (_x, next) => next() } });
  const terminal: NamedStage = { name: 'terminal', stage: { handle: (x) => Promise.resolve(x.respond(200, {})) } };

  it('counts entries, its own refusals (not those of later stages), answers and rewrites', async () => {
    const refuse: NamedStage = {
      name: 'refuse',
      stage: {
        handle: (x, next) => (x.request.body['refuse'] === true ? Promise.reject(new GatewayError('GW_ERR_REQUEST_INVALID_JSON', 'no')) : next()),
      },
    };
    const cache: NamedStage = {
      name: 'cache',
      stage: { handle: (x, next) => (x.request.body['cached'] === true ? Promise.resolve(x.respond(200, {})) : next()) },
    };
    const rewrite: NamedStage = {
      name: 'rewrite',
      stage: {
        async handle(x, next) {
          if (x.request.body['reroute'] === true) x.request.model = 'other-model';
          await next();
          if (x.request.body['upper'] === true) x.transformResponse({ text: (_c, t) => t.toUpperCase() });
        },
      },
    };
    // Wraps whatever fails after it (as rate-limit adds its headers to a later stage's error).
    const wrap: NamedStage = {
      name: 'wrap',
      stage: {
        async handle(_x, next) {
          try {
            await next();
          } catch (err) {
            throw new GatewayError('GW_ERR_INTERNAL', `wrapped: ${String(err)}`);
          }
        },
      },
    };
    const counters = [0, 1, 2, 3, 4].map(() => ({ seen: 0, rejected: 0, answered: 0, rewritten: 0, selfMs: 0 }));
    const run = composeStages([wrap, refuse, cache, rewrite, terminal], { guardMissingAwait: false, counters });
    const send = (body: Record<string, unknown>) => run(buildExchange(body)).catch((e: unknown) => e);
    await send({});
    await send({ refuse: true });
    await send({ cached: true });
    await send({ reroute: true });
    await send({ upper: true });
    const [outer, refusing, caching, rewriting, last] = counters;
    expect(outer, 'wrapping a later refusal is not refusing').to.include({ seen: 5, rejected: 0, answered: 0, rewritten: 0 });
    expect(refusing).to.include({ seen: 5, rejected: 1, answered: 0 });
    expect(caching).to.include({ seen: 4, answered: 1 });
    expect(rewriting).to.include({ seen: 3, rewritten: 2 });
    expect(last, 'the terminal stage answering is its job, not a short-circuit').to.include({ seen: 3, answered: 0 });
    for (const c of counters) expect(c.selfMs).to.be.at.least(0);
  });

  it('self time leaves out the stages after it', async () => {
    let clock = 0;
    const realNow = performance.now.bind(performance);
    // An injected clock: each stage "takes" a known time by moving it.
    performance.now = () => clock;
    try {
      const counters = [0, 1].map(() => ({ seen: 0, rejected: 0, answered: 0, rewritten: 0, selfMs: 0 }));
      const outer: NamedStage = {
        name: 'outer',
        stage: {
          async handle(_x, next) {
            clock += 2;
            await next();
            clock += 3;
          },
        },
      };
      const inner: NamedStage = { name: 'inner', stage: { handle: () => Promise.resolve(void (clock += 100)) } };
      await composeStages([outer, inner], { guardMissingAwait: true, counters })(buildExchange());
      expect(counters[0]!.selfMs).to.equal(5);
      expect(counters[1]!.selfMs).to.equal(100);
    } finally {
      performance.now = realNow;
    }
  });

  it('tells an observer when each stage starts and how it finished', async () => {
    const events: string[] = [];
    const observer = {
      stageStarted: (_x: unknown, stage: string) => {
        events.push(`start ${stage}`);
        return (error: unknown) => events.push(`end ${stage} ${error === undefined ? 'ok' : 'failed'}`);
      },
    };
    const failing: NamedStage = { name: 'failing', stage: { handle: () => Promise.reject(new Error('boom')) } };
    await composeStages([passOn('a'), failing], { guardMissingAwait: false, observer })(buildExchange()).catch(() => undefined);
    expect(events).to.deep.equal(['start a', 'start failing', 'end failing failed', 'end a failed']);
  });
});
