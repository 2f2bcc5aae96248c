import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';

const CLI = ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'bin', 'switchyard.ts')];
const EXAMPLES = join(PACKAGE_ROOT, 'examples');

/** The variables an example documents in its `# Environment: A B` header line. */
function documentedEnvironment(file: string): string[] {
  const line = /^# Environment: (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  return line === undefined ? [] : (line.match(/\b[A-Z][A-Z0-9_]+\b/g) ?? []);
}

describe('every example passes config check with only its documented environment', function () {
  this.timeout(300_000); // one real process per example on a shared machine

  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))) {
    it(name, () => {
      const file = join(EXAMPLES, name);
      const documented = documentedEnvironment(file);
      // Nothing from this machine's environment but what node needs to run.
      const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] };
      for (const variable of documented) env[variable] = `sk-${variable.toLowerCase()}-for-config-check`;
      const res = spawnSync(process.execPath, [...CLI, 'config', 'check', file], { encoding: 'utf8', env, cwd: PACKAGE_ROOT });
      expect(res.status, res.stderr).to.equal(0);
      expect(res.stdout).to.contain(`${name}: OK`);
      if (documented.length > 0) {
        const bare = spawnSync(process.execPath, [...CLI, 'config', 'check', file], { encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: process.env['HOME'] }, cwd: PACKAGE_ROOT });
        expect(bare.status).to.equal(2);
        expect(bare.stderr, 'without them: how to set them').to.contain(`${documented[0]}=…`).and.to.contain('Set ');
      }
    });
  }
});
