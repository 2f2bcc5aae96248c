import { expect } from 'chai';
import { resolveAlias } from '../../../../../plugins/upstream/routing/resolve-alias.js';

describe('model aliases', () => {
  const aliases = { 'gpt-4o': 'qwen2.5-72b', 'openai/*': '*', 'openai/o*': 'reasoner-*', 'anything-*': 'fixed' };
  it('exact first, then the longest prefix wildcard; * carries the rest; one step only', () => {
    expect(resolveAlias('gpt-4o', aliases)).to.equal('qwen2.5-72b');
    expect(resolveAlias('openai/gpt-4o', aliases), 'not chained to qwen').to.equal('gpt-4o');
    expect(resolveAlias('openai/o3', aliases), 'the longer prefix wins').to.equal('reasoner-3');
    expect(resolveAlias('anything-at-all', aliases)).to.equal('fixed');
    expect(resolveAlias('openai/', aliases), 'a wildcard needs something after the prefix').to.equal('openai/');
    expect(resolveAlias('llama', aliases)).to.equal('llama');
    expect(resolveAlias('constructor', {}), 'no prototype keys').to.equal('constructor');
  });
});
