import { expect } from 'chai';
import { toolSpecsFromRequest } from '../../../../plugins/parsers/tool-specs.js';

describe('toolSpecsFromRequest', () => {
  it('reads OpenAI and flat tool shapes and skips anything else', () => {
    const schema = { type: 'object' };
    expect(
      toolSpecsFromRequest([
        { type: 'function', function: { name: 'a', parameters: schema } },
        { name: 'b' },
        { type: 'function', function: { description: 'no name' } },
        'nonsense',
        null,
        { function: { name: '' } },
      ]),
    ).to.deep.equal([{ name: 'a', parameters: schema }, { name: 'b' }]);
    expect(toolSpecsFromRequest({ name: 'not a list' })).to.deep.equal([]);
  });
});
