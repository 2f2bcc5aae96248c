/**
 * `npx tsx test/bench/tokenizers-bench.ts`: what tokenizing costs per source — load time, µs per
 * short prompt and per 8 KB text (encode), decoding the 8 KB back, and rendering + encoding a chat.
 * Texts come from a seeded pool so caches see realistic reuse, not one string over and over.
 * Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { loadBuiltinEncoding } from '../../plugins/tokenizers/builtin-encodings.js';
import { loadHuggingFaceTokenizer } from '../../plugins/tokenizers/load-huggingface-tokenizer.js';
import { renderChat } from '../../plugins/tokenizers/render-chat.js';
import type { LoadedTokenizer } from '../../plugins/tokenizers/tokenizer-contract.js';
import { TokenizerRegistry } from '../../plugins/tokenizers/tokenizer-registry.js';
import { resolveTokenizersConfig } from '../../plugins/tokenizers/tokenizers-config.js';
import { LLAMA3_SPECIALS, buildTokenizerJson } from '../support/tiktoken-to-tokenizer-json.js';

const ROUNDS = Number(process.env['BENCH_TOKENIZERS_ROUNDS'] ?? 400);
const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'tokenizers');
const WORDS = (
  'the gateway routes each request to a worker and counts tokens for rate limits budgets and costs while streaming ' +
  'responses back to clients; function handleRequest(ctx) { return ctx.body?.messages?.length ?? 0; } ' +
  'Zürich naïve café 東京 数据 Привет 1234567 3.14159 https://example.com/v1/chat/completions?stream=true #tokenizer'
).split(' ');

function seededTexts(count: number, length: number, seed: number): string[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < length) text += `${WORDS[next() % WORDS.length] ?? ''}${next() % 9 === 0 ? '\n' : ' '}`;
    return text.slice(0, length);
  });
}

const SHORT = seededTexts(64, 60, 1);
const LONG = seededTexts(16, 8192, 2);
// user/assistant/user: the one shape every fixture template accepts (the Mistral-style one refuses system).
const CHAT = Array.from({ length: 16 }, (_, i) => [
  { role: 'user', content: SHORT[i] ?? '' },
  { role: 'assistant', content: 'Sure.' },
  { role: 'user', content: SHORT[(i + 1) % SHORT.length] ?? '' },
]);

function microsPerCall(run: (i: number) => void, rounds: number): number {
  for (let i = 0; i < Math.min(50, rounds); i++) run(i);
  const started = performance.now();
  for (let i = 0; i < rounds; i++) run(i);
  return ((performance.now() - started) * 1000) / rounds;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

async function timed<T>(load: () => T | Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await load();
  return [value, performance.now() - started];
}

const sources: Array<[string, () => LoadedTokenizer | Promise<LoadedTokenizer>]> = [
  ['builtin o200k_base', () => loadBuiltinEncoding('o200k_base')],
  ['builtin cl100k_base', () => loadBuiltinEncoding('cl100k_base')],
  ['builtin o200k_harmony', () => loadBuiltinEncoding('o200k_harmony')],
  [
    'tokenizer.json Llama 3 style (128k BPE)',
    () =>
      loadHuggingFaceTokenizer({
        realPath: 'llama3',
        tokenizerJson: buildTokenizerJson('cl100k_base', { specials: LLAMA3_SPECIALS, bos: '<|begin_of_text|>' }),
        tokenizerConfig: readJson(join(FIXTURES, 'llama3-style', 'tokenizer_config.json')),
        chatTemplateFile: undefined,
      }),
  ],
  ['tokenizer.json GPT-2 style (50k BPE)', () => loadHuggingFaceTokenizer({ realPath: 'gpt2', tokenizerJson: buildTokenizerJson('r50k_base', { specials: { '<|endoftext|>': 50_256 } }), tokenizerConfig: undefined, chatTemplateFile: undefined })],
  ['tokenizer.json WordPiece (BERT subset)', () => loadHuggingFaceTokenizer({ realPath: 'bert', tokenizerJson: readJson(join(FIXTURES, 'bert-uncased-subset', 'tokenizer.json')), tokenizerConfig: undefined, chatTemplateFile: undefined })],
  [
    'tokenizer.json SentencePiece BPE (tiny)',
    () =>
      loadHuggingFaceTokenizer({
        realPath: 'sp',
        tokenizerJson: readJson(join(FIXTURES, 'sentencepiece-bpe-tiny', 'tokenizer.json')),
        tokenizerConfig: readJson(join(FIXTURES, 'sentencepiece-bpe-tiny', 'tokenizer_config.json')),
        chatTemplateFile: undefined,
      }),
  ],
  ['tokenizer.json Unigram (tiny)', () => loadHuggingFaceTokenizer({ realPath: 'uni', tokenizerJson: readJson(join(FIXTURES, 'unigram-tiny', 'tokenizer.json')), tokenizerConfig: undefined, chatTemplateFile: undefined })],
];

// The generated tokenizer.json files are built before timing, so `load ms` is what the gateway pays.
buildTokenizerJson('cl100k_base', { specials: LLAMA3_SPECIALS, bos: '<|begin_of_text|>' });
buildTokenizerJson('r50k_base', { specials: { '<|endoftext|>': 50_256 } });
const plain = { addSpecialTokens: false };
console.log(`# switchyard tokenizers bench — node ${process.version}, gpt-tokenizer 4.0.0, @huggingface/tokenizers 0.2.0, ${String(ROUNDS)} calls per cell`);
console.log('# short = 60-char prompt, 8 KB = 8192-char mixed text (prose, code, accents, CJK, numbers); µs per call');
console.log(`# load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} on ${String(os.availableParallelism())} cores; chat = render 3 turns + encode`);
console.log(`${'source'.padEnd(42)}${'load ms'.padStart(9)}${'short µs'.padStart(10)}${'8 KB µs'.padStart(10)}${'tok/8KB'.padStart(9)}${'decode µs'.padStart(11)}${'chat µs'.padStart(9)}`);
for (const [name, load] of sources) {
  const [tokenizer, loadMs] = await timed(load);
  const short = microsPerCall((i) => tokenizer.encode(SHORT[i % SHORT.length] ?? '', plain), ROUNDS);
  const long = microsPerCall((i) => tokenizer.encode(LONG[i % LONG.length] ?? '', plain), Math.max(20, Math.floor(ROUNDS / 8)));
  const longIds = LONG.map((text) => tokenizer.encode(text, plain));
  const decode = microsPerCall((i) => tokenizer.decode(longIds[i % longIds.length] ?? [], { skipSpecialTokens: false }), Math.max(20, Math.floor(ROUNDS / 8)));
  const canChat = tokenizer.chatTemplates.default !== undefined || tokenizer.fallbackChatFormat !== undefined;
  const chat = canChat ? microsPerCall((i) => tokenizer.encode(renderChat(tokenizer, CHAT[i % CHAT.length] ?? [], { addGenerationPrompt: true }).text, plain), ROUNDS) : Number.NaN;
  const tokensPer8k = Math.round(longIds.reduce((sum, ids) => sum + ids.length, 0) / longIds.length);
  console.log(
    `${name.padEnd(42)}${loadMs.toFixed(0).padStart(9)}${short.toFixed(1).padStart(10)}${long.toFixed(0).padStart(10)}${String(tokensPer8k).padStart(9)}${decode.toFixed(0).padStart(11)}${(Number.isNaN(chat) ? '—' : chat.toFixed(1)).padStart(9)}`,
  );
}

const registry = new TokenizerRegistry(resolveTokenizersConfig());
await registry.ready();
const fastShort = microsPerCall((i) => registry.countTokens('some-model-without-tokenizer', SHORT[i % SHORT.length] ?? ''), ROUNDS);
const fastLong = microsPerCall((i) => registry.countTokens('some-model-without-tokenizer', LONG[i % LONG.length] ?? ''), Math.max(20, Math.floor(ROUNDS / 8)));
console.log(`${'registry.countTokens (o200k_base fallback)'.padEnd(42)}${'—'.padStart(9)}${fastShort.toFixed(1).padStart(10)}${fastLong.toFixed(0).padStart(10)}`);
