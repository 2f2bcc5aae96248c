import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { StateDirectory } from '../../../core/state/state-directory.js';
import { RedisConnection } from '../../../plugins/ha/redis-connection.js';
import { StateReplicator } from '../../../plugins/ha/state-replicator.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { waitFor } from '../../support/wait-for.js';

const FILE = 'things.json';
const DEADLINE = 10_000;

interface Entry {
  readonly id: string;
}

/**
 * A registry store like the WASM one: it persists its whole list, and takes a list written on
 * another replica with a handler that awaits (a module compiles) before it replaces its state.
 * The gate lets a test hold that handler open.
 */
class SlowStore {
  entries: Entry[] = [];
  gate: Promise<void> = Promise.resolve();
  /** Called as soon as a change from elsewhere replaced the list (a request arriving right then). */
  afterApply: (() => void) | undefined;
  #signal: (() => void) | undefined;

  constructor(readonly state: StateDirectory) {
    state.onChange(FILE, async (saved) => {
      this.#signal?.();
      await this.gate;
      this.entries = Array.isArray(saved) ? saved.filter((e): e is Entry => typeof e === 'object' && e !== null && typeof Reflect.get(e, 'id') === 'string') : [];
      this.afterApply?.();
    });
  }

  /** Resolves when the store next starts taking a change from elsewhere. */
  nextApply(): Promise<void> {
    return new Promise((resolve) => (this.#signal = resolve));
  }

  async add(id: string): Promise<void> {
    this.entries = [...this.entries, { id }];
    await this.state.writeJson(FILE, this.entries);
  }

  ids(): string[] {
    return this.entries.map((e) => e.id).sort();
  }
}

describe('ha: the state replicator under crossing writes (real Redis, two replicators)', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  const closers: (() => void)[] = [];

  before(async () => {
    redis = await startRedis();
  });

  after(async () => {
    for (const close of closers) close();
    await redis?.stop();
  });

  async function replica(id: string): Promise<SlowStore> {
    const logger = pino({ level: 'silent' });
    const connection = new RedisConnection(redis.url, 1000, logger);
    await connection.waitUntilReady(2000);
    const store = new SlowStore(await StateDirectory.open(mkdtempSync(join(tmpdir(), `sy-ha-repl-${id}-`))));
    const replicator = new StateReplicator(connection, store.state, { prefix: `test:${id.slice(0, 1)}:`, replicaId: id, resyncMs: 60_000 }, logger, () => undefined);
    await replicator.start();
    closers.push(() => {
      replicator.close();
      connection.close();
    });
    return store;
  }

  it('two local writes around a slow change from elsewhere keep all three entries', async () => {
    // Same prefix letter: both replicators share one hash and channel.
    const a = await replica('a1');
    const b = await replica('a2');
    let release = (): void => undefined;
    a.gate = new Promise((resolve) => (release = resolve));
    const applying = a.nextApply();
    await b.add('from-b');
    await applying;
    // While a's handler is held open: a writes its own entry (before the change replaces its list) …
    await a.add('local-1');
    // … the change lands (a's list is now b's, without local-1), and at once a writes again,
    // before its first write went to Redis.
    let second: Promise<void> = Promise.resolve();
    a.afterApply = () => {
      a.afterApply = undefined;
      second = a.add('local-2');
    };
    release();
    await waitFor('a to take b\'s list and write again', () => a.afterApply === undefined, DEADLINE);
    await second;
    const all = ['from-b', 'local-1', 'local-2'];
    await waitFor('a to hold all three', () => JSON.stringify(a.ids()) === JSON.stringify(all), DEADLINE);
    await waitFor('b to hold all three', () => JSON.stringify(b.ids()) === JSON.stringify(all), DEADLINE);
    expect(a.ids(), 'and a keeps them').to.deep.equal(all);
  });
});
