import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { loadBuiltinEncoding } from '../../../../plugins/tokenizers/builtin-encodings.js';
import { loadHuggingFaceTokenizer } from '../../../../plugins/tokenizers/load-huggingface-tokenizer.js';
import { renderChat } from '../../../../plugins/tokenizers/render-chat.js';
import type { LoadedTokenizer } from '../../../../plugins/tokenizers/tokenizer-contract.js';
import { ChatTemplateError } from '../../../../plugins/tokenizers/tokenizer-errors.js';
import { LLAMA3_SPECIALS, buildTokenizerJson } from '../../../support/tiktoken-to-tokenizer-json.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'tokenizers');
const plain = { addSpecialTokens: false };

function fixtureConfig(dir: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, dir, 'tokenizer_config.json'), 'utf8')) as unknown;
}

describe('renderChat', function () {
  // The byte-level tokenizers below are built from tiktoken ranks (a second or two); this only catches a hang.
  this.timeout(60_000);

  describe('a Llama 3 style template (byte-level BPE with Llama 3 special tokens)', () => {
    let llama3: LoadedTokenizer;
    before(() => {
      llama3 = loadHuggingFaceTokenizer({
        realPath: 'llama3-style',
        tokenizerJson: buildTokenizerJson('cl100k_base', { specials: LLAMA3_SPECIALS, bos: '<|begin_of_text|>' }),
        tokenizerConfig: fixtureConfig('llama3-style'),
        chatTemplateFile: undefined,
      });
    });
    const messages = [
      { role: 'system', content: 'You are terse. ' },
      { role: 'user', content: 'Hi' },
    ];

    it("renders Meta's documented Llama 3 prompt format, with the generation prompt", () => {
      const rendered = renderChat(llama3, messages, { addGenerationPrompt: true });
      expect(rendered.format).to.equal('chat_template');
      expect(rendered.text).to.equal(
        '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>' +
          '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>' +
          '<|start_header_id|>assistant<|end_header_id|>\n\n',
      );
      expect(renderChat(llama3, messages, { addGenerationPrompt: false }).text).to.not.include('assistant');
    });

    it('tokenizes the rendered prompt with the header tokens as single special tokens', async () => {
      const ids = llama3.encode(renderChat(llama3, messages, { addGenerationPrompt: true }).text, plain);
      // 9125 "system", 271 "\n\n", 882 "user", 78191 "assistant": cl100k ids, which Llama 3 kept.
      expect(ids.slice(0, 5)).to.deep.equal([128_000, 128_006, 9125, 128_007, 271]);
      expect(ids.slice(-4)).to.deep.equal([128_006, 78_191, 128_007, 271]);
      const cl100k = await loadBuiltinEncoding('cl100k_base');
      expect([...cl100k.encode('system', plain), ...cl100k.encode('\n\n', plain), ...cl100k.encode('user', plain), ...cl100k.encode('assistant', plain)]).to.deep.equal([9125, 271, 882, 78_191]);
      expect(ids.filter((id) => id === 128_009)).to.have.length(2);
    });
  });

  describe('a ChatML template with tools (Qwen style)', () => {
    let chatml: LoadedTokenizer;
    before(() => {
      chatml = loadHuggingFaceTokenizer({
        realPath: 'chatml-style',
        tokenizerJson: buildTokenizerJson('r50k_base', { specials: { '<|endoftext|>': 50_256, '<|im_start|>': 50_257, '<|im_end|>': 50_258 } }),
        tokenizerConfig: fixtureConfig('chatml-style'),
        chatTemplateFile: undefined,
      });
    });
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: { city: 'Oslo' } } }] },
      { role: 'tool', content: '{"temp": 3}', tool_call_id: 'c1' },
    ];

    it('puts the tools in the system turn and renders tool calls and results', () => {
      const rendered = renderChat(chatml, messages, { addGenerationPrompt: true, tools });
      expect(rendered.text).to.equal(
        '<|im_start|>system\nBe brief.\n\n# Tools\n\n<tools>\n' +
          '{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}' +
          '\n</tools><|im_end|>\n' +
          '<|im_start|>user\nWeather in Oslo?<|im_end|>\n' +
          '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call><|im_end|>\n' +
          '<|im_start|>tool\n{"temp": 3}<|im_end|>\n' +
          '<|im_start|>assistant\n',
      );
    });

    it('without tools renders the plain system turn; the ids round-trip and hold one <|im_start|> per turn', () => {
      const rendered = renderChat(chatml, messages.slice(0, 2), { addGenerationPrompt: true });
      expect(rendered.text).to.equal('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWeather in Oslo?<|im_end|>\n<|im_start|>assistant\n');
      const ids = chatml.encode(rendered.text, plain);
      expect(ids.filter((id) => id === 50_257)).to.have.length(3);
      expect(ids.filter((id) => id === 50_258)).to.have.length(2);
      expect(ids[0]).to.equal(50_257);
      expect(chatml.decode(ids, { skipSpecialTokens: false })).to.equal(rendered.text);
    });

    it('uses a `tool_use` template from a list-form chat_template when tools are given', () => {
      const withNamed: LoadedTokenizer = { ...chatml, chatTemplates: { default: 'PLAIN', named: new Map([['tool_use', 'TOOLS:{{ tools | length }}']]) } };
      expect(renderChat(withNamed, messages, { addGenerationPrompt: true, tools }).text).to.equal('TOOLS:1');
      expect(renderChat(withNamed, messages, { addGenerationPrompt: true }).text).to.equal('PLAIN');
    });

    it('passes chat_template_kwargs to the template but never lets them replace the messages', () => {
      const withKwargs: LoadedTokenizer = { ...chatml, chatTemplates: { default: '{{ enable_thinking }}/{{ messages | length }}', named: new Map() } };
      expect(renderChat(withKwargs, messages, { addGenerationPrompt: true, templateKwargs: { enable_thinking: false, messages: [] } }).text).to.equal('false/4');
    });
  });

  it("reports a template's raise_exception as a ChatTemplateError", () => {
    const mistral = loadHuggingFaceTokenizer({
      realPath: 'sp',
      tokenizerJson: JSON.parse(readFileSync(join(FIXTURES, 'sentencepiece-bpe-tiny', 'tokenizer.json'), 'utf8')) as unknown,
      tokenizerConfig: fixtureConfig('sentencepiece-bpe-tiny'),
      chatTemplateFile: undefined,
    });
    expect(renderChat(mistral, [{ role: 'user', content: 'hello' }], { addGenerationPrompt: true }).text).to.equal('<s>[INST] hello [/INST]');
    expect(() => renderChat(mistral, [{ role: 'system', content: 'x' }], { addGenerationPrompt: true })).to.throw(ChatTemplateError, /Only user and assistant roles/);
  });

  it('refuses chat for a tokenizer.json without a template, saying how to give one', () => {
    const unigram = loadHuggingFaceTokenizer({
      realPath: 'u',
      tokenizerJson: JSON.parse(readFileSync(join(FIXTURES, 'unigram-tiny', 'tokenizer.json'), 'utf8')) as unknown,
      tokenizerConfig: undefined,
      chatTemplateFile: undefined,
    });
    expect(() => renderChat(unigram, [{ role: 'user', content: 'hi' }], { addGenerationPrompt: true })).to.throw(ChatTemplateError, /chat_template_path/);
  });

  describe('built-in encodings (no template)', () => {
    it('use the documented ChatML-like fallback, with the markers as special tokens', async () => {
      const cl100k = await loadBuiltinEncoding('cl100k_base');
      const rendered = renderChat(cl100k, [{ role: 'user', content: 'Hi' }], { addGenerationPrompt: true });
      expect(rendered).to.deep.equal({ text: '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n', format: 'chatml_fallback' });
      const ids = cl100k.encode(rendered.text, plain);
      expect([ids[0], ids.at(-3)]).to.deep.equal([100_264, 100_264]);
      expect(ids.filter((id) => id === 100_265)).to.have.length(1);
    });

    it('use the harmony framing for o200k_harmony (gpt-oss), tools first as a system message', async () => {
      const harmony = await loadBuiltinEncoding('o200k_harmony');
      const rendered = renderChat(harmony, [{ role: 'user', content: 'Hi' }], { addGenerationPrompt: true, tools: [{ name: 'f' }] });
      expect(rendered).to.deep.equal({
        text: '<|start|>system<|message|># Tools\n[{"name":"f"}]<|end|><|start|>user<|message|>Hi<|end|><|start|>assistant',
        format: 'harmony_fallback',
      });
    });
  });
});
