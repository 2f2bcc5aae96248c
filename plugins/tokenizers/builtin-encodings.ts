import type { LoadedTokenizer } from './tokenizer-contract.js';
import { TokenIdNotInVocabulary } from './tokenizer-errors.js';

/** The encodings gpt-tokenizer ships (tiktoken's rank files, bundled: nothing is downloaded). */
export const BUILTIN_ENCODINGS = ['o200k_base', 'o200k_harmony', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;
export type BuiltinEncodingName = (typeof BUILTIN_ENCODINGS)[number];

export function isBuiltinEncodingName(value: string): value is BuiltinEncodingName {
  return (BUILTIN_ENCODINGS as readonly string[]).includes(value);
}

/** The part of gpt-tokenizer's GptEncoding this module uses. */
interface GptEncodingLike {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(ids: Iterable<number>): string;
}

const importers: Record<BuiltinEncodingName, () => Promise<{ default: GptEncodingLike }>> = {
  o200k_base: () => import('gpt-tokenizer/encoding/o200k_base'),
  o200k_harmony: () => import('gpt-tokenizer/encoding/o200k_harmony'),
  cl100k_base: () => import('gpt-tokenizer/encoding/cl100k_base'),
  p50k_base: () => import('gpt-tokenizer/encoding/p50k_base'),
  r50k_base: () => import('gpt-tokenizer/encoding/r50k_base'),
};

/** Mergeable (non-special) ranks in each encoding: the line counts of tiktoken's rank files. */
export const BUILTIN_RANK_COUNTS: Readonly<Record<BuiltinEncodingName, number>> = {
  o200k_base: 199_998,
  o200k_harmony: 199_998,
  cl100k_base: 100_256,
  p50k_base: 50_280,
  r50k_base: 50_256,
};

/**
 * Special tokens and their ids, as gpt-tokenizer 4 defines them (the ChatML markers on cl100k_base
 * and o200k_base are its additions to tiktoken's sets; harmony's are OpenAI's published ids).
 * Checked against the library at load: an entry it decodes differently is dropped.
 */
const SPECIAL_TOKENS: Readonly<Record<BuiltinEncodingName, Readonly<Record<string, number>>>> = {
  o200k_base: {
    '<|endoftext|>': 199_999,
    '<|fim_prefix|>': 200_000,
    '<|fim_middle|>': 200_001,
    '<|fim_suffix|>': 200_002,
    '<|im_start|>': 200_003,
    '<|im_end|>': 200_004,
    '<|im_sep|>': 200_005,
    '<|endofprompt|>': 200_006,
  },
  o200k_harmony: {
    '<|startoftext|>': 199_998,
    '<|endoftext|>': 199_999,
    '<|return|>': 200_002,
    '<|constrain|>': 200_003,
    '<|channel|>': 200_005,
    '<|start|>': 200_006,
    '<|end|>': 200_007,
    '<|message|>': 200_008,
    '<|call|>': 200_012,
    '<|endofprompt|>': 200_018,
  },
  cl100k_base: {
    '<|endoftext|>': 100_257,
    '<|fim_prefix|>': 100_258,
    '<|fim_middle|>': 100_259,
    '<|fim_suffix|>': 100_260,
    '<|im_start|>': 100_264,
    '<|im_end|>': 100_265,
    '<|im_sep|>': 100_266,
    '<|endofprompt|>': 100_276,
  },
  p50k_base: { '<|endoftext|>': 50_256 },
  r50k_base: { '<|endoftext|>': 50_256 },
};

/** o200k_harmony reserves 200013–201087 as special tokens it never emits. */
const HARMONY_RESERVED = { first: 200_013, last: 201_087 } as const;

const loaded = new Map<BuiltinEncodingName, Promise<LoadedTokenizer>>();

/** Loads (once per process) one of the built-in encodings. */
export function loadBuiltinEncoding(name: BuiltinEncodingName): Promise<LoadedTokenizer> {
  let pending = loaded.get(name);
  if (pending === undefined) {
    pending = importers[name]().then((module) => wrapEncoding(name, module.default));
    // A failed import may succeed later (e.g. memory pressure); do not cache the failure.
    pending.catch(() => loaded.delete(name));
    loaded.set(name, pending);
  }
  return pending;
}

function wrapEncoding(name: BuiltinEncodingName, api: GptEncodingLike): LoadedTokenizer {
  const specials = new Map<string, number>();
  for (const [token, id] of Object.entries(SPECIAL_TOKENS[name])) {
    if (safeDecode(api, id) === token) specials.set(token, id);
  }
  const specialIds = new Set(specials.values());
  const isSpecialId = (id: number): boolean =>
    specialIds.has(id) || (name === 'o200k_harmony' && id >= HARMONY_RESERVED.first && id <= HARMONY_RESERVED.last);
  // Longest first so a token that prefixes another cannot shadow it.
  const pattern = [...specials.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const specialSplit = specials.size === 0 ? undefined : new RegExp(`(${pattern})`);
  const noSpecials = { disallowedSpecial: new Set<string>() };
  const vocabSize = BUILTIN_RANK_COUNTS[name] + specials.size + (name === 'o200k_harmony' ? HARMONY_RESERVED.last - HARMONY_RESERVED.first + 1 : 0);

  return {
    kind: 'builtin',
    vocabSize,
    specialTokens: { bos: undefined, eos: '<|endoftext|>', pad: undefined, unk: undefined },
    chatTemplates: { default: undefined, named: new Map() },
    fallbackChatFormat: name === 'o200k_harmony' ? 'harmony_fallback' : 'chatml_fallback',
    // tiktoken encodings add no BOS/EOS, so addSpecialTokens changes nothing here.
    encode(text) {
      // gpt-tokenizer 4.0.0 only finds an allowed special token at the very start of the text (its
      // sticky regex), so special tokens are split out here and only plain text is handed to it.
      const ids: number[] = [];
      const pieces = specialSplit === undefined ? [text] : text.split(specialSplit);
      for (const [index, piece] of pieces.entries()) {
        if (piece === '') continue;
        const specialId = index % 2 === 1 ? specials.get(piece) : undefined;
        if (specialId !== undefined) ids.push(specialId);
        else for (const id of api.encode(piece, noSpecials)) ids.push(id);
      }
      return ids;
    },
    decode(ids, options) {
      const kept = options.skipSpecialTokens ? ids.filter((id) => !isSpecialId(id)) : [...ids];
      try {
        return api.decode(kept);
      } catch (err) {
        const bad = kept.find((id) => safeDecode(api, id) === undefined);
        if (bad !== undefined) throw new TokenIdNotInVocabulary(bad);
        throw err;
      }
    },
  };
}

function safeDecode(api: GptEncodingLike, id: number): string | undefined {
  if (!Number.isSafeInteger(id) || id < 0) return undefined;
  try {
    return api.decode([id]);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
