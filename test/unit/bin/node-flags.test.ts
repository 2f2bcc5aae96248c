import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../../bin/node-flags.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';

/** The scripts' and the image's node flags must be the ones the bench measured. */
describe('bin/node-flags: the node flags the gateway runs with', () => {
  it('npm start passes every flag to node before the script', () => {
    const pkg: unknown = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    const start = typeof pkg === 'object' && pkg !== null && 'scripts' in pkg ? JSON.stringify(pkg.scripts) : '';
    expect(start).to.include(`"start":"node ${GATEWAY_NODE_FLAGS.join(' ')} dist/bin/switchyard.js launch"`);
  });

  it("the Dockerfile's entrypoint passes every flag to node before the script", () => {
    const dockerfile = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).to.include(`ENTRYPOINT ${JSON.stringify(['node', ...GATEWAY_NODE_FLAGS, 'dist/bin/switchyard.js'])}`.replaceAll('","', '", "'));
  });

  it('this node accepts them, and they fix the young generation at 16 MiB', () => {
    const probe = "process.stdout.write(String(require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))";
    const run = spawnSync(process.execPath, [...GATEWAY_NODE_FLAGS, '-e', probe], { encoding: 'utf8' });
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
    expect(Number(run.stdout)).to.equal(16 * 1024 * 1024);
  });
});
