import { expect } from 'chai';
import { loadSchemaValidators } from '../../../../core/schema/schema-validators.js';
import { DEFAULT_TOKENIZERS_CONFIG, TOKENIZERS_CONFIG_SCHEMA_ID } from '../../../../plugins/tokenizers/tokenizers-config.js';

const validators = loadSchemaValidators();
const REGISTER = 'https://switchyard.dev/schemas/admin/tokenizer-register.schema.json';
const tokenize = validators.ingressCheck('https://switchyard.dev/schemas/requests/tokenize.schema.json');
const detokenize = validators.ingressCheck('https://switchyard.dev/schemas/requests/detokenize.schema.json');

describe('tokenizer schemas', () => {
  it("accept SMG's register body and refuse unknown fields and control characters in names", () => {
    expect(validators.validateConfig(REGISTER, { name: 'llama3-tokenizer', source: 'meta-llama/Meta-Llama-3-8B', chat_template_path: '/path/to/template.jinja' })).to.deep.equal([]);
    expect(validators.validateConfig(REGISTER, { name: 'x', source: 'y', extra: 1 })).to.deep.equal([{ path: '/extra', message: 'is not a known property' }]);
    expect(validators.validateConfig(REGISTER, { name: 'a\u0007', source: 'y' })).to.have.length(1);
    expect(validators.validateConfig(REGISTER, { source: 'y' })).to.deep.equal([{ path: '/name', message: 'is required' }]);
  });

  it("accept SMG's tokenize bodies and the chat form, one of prompt or messages", () => {
    expect(tokenize({ prompt: 'Hello, world!' })).to.equal(undefined);
    expect(tokenize({ model: 'gpt-4', prompt: ['Hello', 'World'], add_special_tokens: false })).to.equal(undefined);
    expect(tokenize({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], add_generation_prompt: true, tools: null })).to.equal(undefined);
    expect(tokenize({ model: 'm' })).to.not.equal(undefined);
    expect(tokenize({ prompt: 'x', messages: [{ role: 'user', content: 'x' }] })).to.not.equal(undefined);
    expect(tokenize({ prompt: 3 })).to.not.equal(undefined);
  });

  it("accept SMG's detokenize bodies, single and batch", () => {
    expect(detokenize({ tokens: [1, 2, 3] })).to.equal(undefined);
    expect(detokenize({ tokens: [[1, 2], [3, 4, 5]], skip_special_tokens: false })).to.equal(undefined);
    expect(detokenize({ tokens: [1.5] })).to.not.equal(undefined);
    expect(detokenize({ tokens: [-1] })).to.not.equal(undefined);
    expect(detokenize({})).to.not.equal(undefined);
  });

  it('fill the tokenizers config with the same defaults the code uses', () => {
    const config: Record<string, unknown> = {};
    expect(validators.validateConfig(TOKENIZERS_CONFIG_SCHEMA_ID, config)).to.deep.equal([]);
    expect(config).to.deep.equal(DEFAULT_TOKENIZERS_CONFIG);
    expect(validators.validateConfig(TOKENIZERS_CONFIG_SCHEMA_ID, { roots: ['/srv/t'], models: { 'llama-*': 'llama' }, preload: [{ name: 'llama', source: '/srv/t/llama' }] })).to.deep.equal([]);
    expect(validators.validateConfig(TOKENIZERS_CONFIG_SCHEMA_ID, { fallback_encoding: 'gpt2' })).to.have.length(1);
  });
});
