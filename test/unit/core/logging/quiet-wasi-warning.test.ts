import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';

describe('dropWasiExperimentalWarning', () => {
  it('drops only Node\'s "WASI is experimental" warning; other warnings are still printed', () => {
    const script = `
      const { dropWasiExperimentalWarning } = await import('./core/logging/quiet-wasi-warning.ts');
      dropWasiExperimentalWarning();
      await import('node:wasi');
      process.emitWarning('a warning that matters');
    `;
    const ran = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(ran.status, ran.stderr).to.equal(0);
    expect(ran.stderr).to.contain('Warning: a warning that matters');
    expect(ran.stderr).to.not.contain('WASI');
  });
});
