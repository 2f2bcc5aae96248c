import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Builds a HuggingFace `tokenizer.json` (byte-level BPE) from a tiktoken rank file that
 * gpt-tokenizer ships, so tests can check the tokenizer.json path against ids tiktoken itself
 * produced (gpt-tokenizer's data/TestPlans.txt) without committing megabytes of vocabulary.
 *
 * Merges follow the usual tiktoken → HF conversion: every split of a token whose halves are both
 * tokens is a merge, ranked by the merged token's rank, so BPE by merge priority picks the same
 * pair tiktoken would (the lowest-ranked concatenation).
 */
export type TiktokenFile = 'r50k_base' | 'cl100k_base' | 'o200k_base';

/** GPT-2's bytes → printable characters table (what `Ġ` for a space comes from). */
export function buildByteToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table: string[] = new Array<string>(256);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = printable.includes(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + next++);
  }
  return table;
}

export function readTiktokenRanks(file: TiktokenFile): Map<string, number> {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`gpt-tokenizer/data/${file}.tiktoken`);
  const byteToUnicode = buildByteToUnicode();
  const ranks = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const [b64, rank] = line.split(' ');
    if (b64 === undefined || rank === undefined) continue;
    const bytes = Buffer.from(b64, 'base64');
    let token = '';
    for (const byte of bytes) token += byteToUnicode[byte];
    ranks.set(token, Number(rank));
  }
  return ranks;
}

export function deriveMerges(ranks: ReadonlyMap<string, number>): string[] {
  const merges: Array<{ left: string; right: string; rank: number; leftRank: number; rightRank: number }> = [];
  for (const [token, rank] of ranks) {
    // Byte-level characters all lie below U+0144, so string indices are character indices.
    for (let i = 1; i < token.length; i++) {
      const left = token.slice(0, i);
      const right = token.slice(i);
      const leftRank = ranks.get(left);
      const rightRank = ranks.get(right);
      if (leftRank !== undefined && rightRank !== undefined) merges.push({ left, right, rank, leftRank, rightRank });
    }
  }
  merges.sort((a, b) => a.rank - b.rank || a.leftRank - b.leftRank || a.rightRank - b.rightRank);
  return merges.map((m) => `${m.left} ${m.right}`);
}

const LLAMA3_STYLE_SPLIT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

export interface BuildOptions {
  /** Added special tokens, content → id. */
  readonly specials: Readonly<Record<string, number>>;
  /** A BOS the post-processor adds when add_special_tokens is on (Llama 3 adds <|begin_of_text|>). */
  readonly bos?: string;
}

const built = new Map<string, object>();

/**
 * r50k_base → a GPT-2 style tokenizer.json (ByteLevel pre-tokenizer with its own regex);
 * cl100k_base → a Llama-3 style one (a Split with the cl100k regex, then ByteLevel without regex,
 * ignore_merges as Llama 3 sets it). Built once per process and options.
 */
export function buildTokenizerJson(file: 'r50k_base' | 'cl100k_base', options: BuildOptions): object {
  const key = JSON.stringify([file, options]);
  const cached = built.get(key);
  if (cached !== undefined) return cached;
  const ranks = readTiktokenRanks(file);
  const vocab: Record<string, number> = Object.fromEntries(ranks);
  const addedTokens = Object.entries(options.specials).map(([content, id]) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
  const preTokenizer =
    file === 'r50k_base'
      ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true }
      : {
          type: 'Sequence',
          pretokenizers: [
            { type: 'Split', pattern: { Regex: LLAMA3_STYLE_SPLIT }, behavior: 'Isolated', invert: false },
            { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
          ],
        };
  const bosId = options.bos === undefined ? undefined : options.specials[options.bos];
  const postProcessor =
    options.bos === undefined || bosId === undefined
      ? { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true }
      : {
          type: 'TemplateProcessing',
          single: [{ SpecialToken: { id: options.bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
          pair: [{ SpecialToken: { id: options.bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: options.bos, type_id: 1 } }, { Sequence: { id: 'B', type_id: 1 } }],
          special_tokens: { [options.bos]: { id: options.bos, ids: [bosId], tokens: [options.bos] } },
        };
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: postProcessor,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: file === 'cl100k_base',
      vocab,
      merges: deriveMerges(ranks),
    },
  };
  built.set(key, json);
  return json;
}

/** Llama 3's special tokens (its tokenizer_config.json), above the 128 000 ordinary tokens. */
export const LLAMA3_SPECIALS: Readonly<Record<string, number>> = {
  '<|begin_of_text|>': 128_000,
  '<|end_of_text|>': 128_001,
  '<|start_header_id|>': 128_006,
  '<|end_header_id|>': 128_007,
  '<|eot_id|>': 128_009,
};

/** Parses gpt-tokenizer's data/TestPlans.txt: samples with the ids tiktoken gave them. */
export function readTestPlans(): Array<{ readonly encoding: string; readonly sample: string; readonly ids: number[] }> {
  const require = createRequire(import.meta.url);
  const text = readFileSync(require.resolve('gpt-tokenizer/data/TestPlans.txt'), 'utf8');
  const plans = [];
  for (const block of text.split(/\n\n(?=EncodingName: )/)) {
    const match = /^EncodingName: (\S+)\nSample: ([\s\S]*)\nEncoded: (\[[\d, ]*\])\s*$/.exec(block.trim() + '\n');
    if (match === null) continue;
    const ids: unknown = JSON.parse(match[3] ?? '[]');
    if (Array.isArray(ids) && ids.every((id) => typeof id === 'number')) plans.push({ encoding: match[1] ?? '', sample: match[2] ?? '', ids });
  }
  return plans;
}
