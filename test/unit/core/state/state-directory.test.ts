import { expect } from 'chai';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateDirectory } from '../../../../core/state/state-directory.js';

describe('StateDirectory', () => {
  it('creates the directory private, writes atomically and reads back', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-state-')), 'nested', 'state');
    const dir = await StateDirectory.open(path);
    expect(statSync(path).mode & 0o777).to.equal(0o700);
    expect(await dir.readJson('workers.json')).to.equal(undefined);
    await dir.writeJson('workers.json', { workers: [1] });
    await dir.writeJson('workers.json', { workers: [1, 2] });
    expect(await dir.readJson('workers.json')).to.deep.equal({ workers: [1, 2] });
    expect(readdirSync(path), 'no temp file left behind').to.deep.equal(['workers.json']);
    expect(statSync(join(path, 'workers.json')).mode & 0o777).to.equal(0o600);
  });

  it('a crash mid-write (a stray temp file) never affects what is read', async () => {
    const path = mkdtempSync(join(tmpdir(), 'sy-state-'));
    const dir = await StateDirectory.open(path);
    await dir.writeJson('keys.json', { v: 1 });
    writeFileSync(join(path, 'keys.json.abc123.tmp'), '{"v": 2, "trunc');
    expect(await dir.readJson('keys.json')).to.deep.equal({ v: 1 });
  });

  it('refuses names that are not plain .json file names', async () => {
    const dir = await StateDirectory.open(mkdtempSync(join(tmpdir(), 'sy-state-')));
    for (const name of ['../x.json', 'a/b.json', 'x.txt', '.hidden.json']) {
      await dir.writeJson(name, {}).then(
        () => expect.fail(`${name} was accepted`),
        (err: Error) => expect(err.message).to.contain('Invalid state file name'),
      );
    }
  });

  it('replication seam: writes are heard, a change from elsewhere is stored and handed to its store without an echo', async () => {
    const dir = await StateDirectory.open(mkdtempSync(join(tmpdir(), 'sy-state-')));
    const heard: [string, unknown][] = [];
    const stop = dir.onWrite((name, value) => heard.push([name, value]));
    await dir.writeJson('workers.json', [1]);
    expect(heard).to.deep.equal([['workers.json', [1]]]);
    const applied: unknown[] = [];
    const unregister = dir.onChange('workers.json', (value) => {
      applied.push(value);
      return Promise.resolve();
    });
    expect(dir.replicable).to.deep.equal(['workers.json']);
    await dir.applyChange('workers.json', [2]);
    expect(applied).to.deep.equal([[2]]);
    expect(await dir.readJson('workers.json')).to.deep.equal([2]);
    expect(heard, 'a change from elsewhere is not heard as a local write').to.have.length(1);
    // A file no store takes live is still stored (a store reads it when it opens).
    await dir.applyChange('later.json', { a: 1 });
    expect(await dir.readJson('later.json')).to.deep.equal({ a: 1 });
    expect(await dir.names()).to.deep.equal(['later.json', 'workers.json']);
    unregister();
    stop();
    expect(dir.replicable).to.deep.equal([]);
    await dir.writeJson('workers.json', [3]);
    expect(heard).to.have.length(1);
    await dir.applyChange('../x.json', {}).then(
      () => expect.fail('accepted'),
      (err: Error) => expect(err.message).to.contain('Invalid state file name'),
    );
  });
});
