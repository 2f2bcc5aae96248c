import { expect } from 'chai';
import { matchBuiltinAlias } from '../../../../plugins/tokenizers/hub-aliases.js';
import { classifySource, describeUnavailable } from '../../../../plugins/tokenizers/load-tokenizer-source.js';

describe('classifySource and the hub alias table', () => {
  it('tells paths, built-in encodings and hub ids apart', () => {
    expect(classifySource('o200k_base')).to.deep.equal({ kind: 'builtin', encoding: 'o200k_base' });
    expect(classifySource('/srv/t/tokenizer.json')).to.deep.equal({ kind: 'file', path: '/srv/t/tokenizer.json' });
    expect(classifySource('./t')).to.deep.equal({ kind: 'file', path: './t' });
    expect(classifySource('models/tokenizer.json')).to.deep.equal({ kind: 'file', path: 'models/tokenizer.json' });
    expect(classifySource('meta-llama/Llama-3.1-8B-Instruct')).to.deep.equal({ kind: 'unavailable', source: 'meta-llama/Llama-3.1-8B-Instruct' });
    expect(classifySource('openai/gpt-oss-120b')).to.deep.equal({ kind: 'builtin', encoding: 'o200k_harmony' });
  });

  it('maps OpenAI model names to their encodings, gpt-4o before gpt-4', () => {
    const cases: Array<[string, string | undefined]> = [
      ['gpt-4o', 'o200k_base'],
      ['gpt-4o-mini-2024-07-18', 'o200k_base'],
      ['gpt-4.1-nano', 'o200k_base'],
      ['o3-mini', 'o200k_base'],
      ['gpt-5', 'o200k_base'],
      ['gpt-4', 'cl100k_base'],
      ['gpt-4-turbo-2024-04-09', 'cl100k_base'],
      ['gpt-3.5-turbo', 'cl100k_base'],
      ['text-embedding-3-small', 'cl100k_base'],
      ['gpt-oss-20b', 'o200k_harmony'],
      ['openai-community/gpt2', 'r50k_base'],
      ['text-davinci-003', 'p50k_base'],
      ['gpt-40', undefined],
      ['o1x', undefined],
      ['meta-llama/Llama-3.1-8B-Instruct', undefined],
    ];
    for (const [model, encoding] of cases) expect(matchBuiltinAlias(model), model).to.equal(encoding);
  });

  it('explains how to give a local file, naming the setting and the roots', () => {
    const reason = describeUnavailable('mistralai/Mistral-7B-Instruct-v0.3', []);
    expect(reason).to.include('tokenizers.roots setting (none are configured yet)').and.include('source: /path/to/that/dir/tokenizer.json').and.include('o200k_base');
  });
});
