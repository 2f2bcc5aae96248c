import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { generate, TARGETS } from '../../../schemas/generate-types.js';

describe('config types generated from the schemas', function () {
  this.timeout(60_000);
  for (const target of TARGETS) {
    it(`${target.out} is what schemas/${target.schema} generates (run npm run schemas:types)`, async () => {
      expect(readFileSync(join(PACKAGE_ROOT, target.out), 'utf8')).to.equal(await generate(target));
    });
  }
});
