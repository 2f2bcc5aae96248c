import { expect } from 'chai';
import { parseTokenizerConfig } from '../../../../plugins/tokenizers/parse-tokenizer-config.js';
import { TokenizerFormatError } from '../../../../plugins/tokenizers/tokenizer-errors.js';

describe('parseTokenizerConfig', () => {
  it('reads special tokens given as strings or as serialized AddedToken objects', () => {
    const facts = parseTokenizerConfig({ bos_token: { __type: 'AddedToken', content: '<s>', lstrip: false }, eos_token: '</s>', pad_token: null }, undefined);
    expect(facts.specialTokens).to.deep.equal({ bos: '<s>', eos: '</s>', pad: undefined, unk: undefined });
    expect(facts.libraryConfig).to.include({ bos_token: '<s>', eos_token: '</s>', clean_up_tokenization_spaces: false });
  });

  it('takes a list-form chat_template, and lets a template file replace the default', () => {
    const list = [
      { name: 'default', template: 'D' },
      { name: 'tool_use', template: 'T' },
    ];
    expect(parseTokenizerConfig({ chat_template: list }, undefined).chatTemplates.default).to.equal('D');
    const withFile = parseTokenizerConfig({ chat_template: list }, 'F').chatTemplates;
    expect([withFile.default, withFile.named.get('tool_use')]).to.deep.equal(['F', 'T']);
    expect(parseTokenizerConfig(undefined, undefined).chatTemplates.default).to.equal(undefined);
  });

  it('cleans up tokenization spaces only when the config says so (the tokenizers crate never does)', () => {
    expect(parseTokenizerConfig({ clean_up_tokenization_spaces: true }, undefined).cleanUpTokenizationSpaces).to.equal(true);
    expect(parseTokenizerConfig({}, undefined).cleanUpTokenizationSpaces).to.equal(false);
  });

  it('refuses a config that is not an object or a chat_template of the wrong type', () => {
    expect(() => parseTokenizerConfig('x', undefined)).to.throw(TokenizerFormatError);
    expect(() => parseTokenizerConfig({ chat_template: 3 }, undefined)).to.throw(TokenizerFormatError);
  });
});
