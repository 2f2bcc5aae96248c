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
