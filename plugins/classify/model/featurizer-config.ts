/**
 * models/<name>/featurizer.json (schemas/classify/featurizer.schema.json): how text becomes the
 * sparse vector the model was trained on. Inference must use exactly the training settings, so the
 * file ships next to model.onnx.
 */
export interface FeaturizerConfig {
  readonly kind: 'hashed-ngrams';
  readonly version: 1;
  /** Hash buckets (a power of two); the model's weight matrix has this many rows. */
  readonly buckets: number;
  /** Word n-grams from 1 up to this. */
  readonly word_ngram_max: number;
  readonly char_ngram_min: number;
  readonly char_ngram_max: number;
  /** Added per char n-gram occurrence (word n-grams add 1), before the log and the L2 norm. */
  readonly char_ngram_weight: number;
  /** Input beyond this many UTF-16 units is ignored (the head and the tail are kept). */
  readonly max_chars: number;
  /** Words longer than this contribute char n-grams from their first `max_word_chars` only. */
  readonly max_word_chars: number;
}

export const DEFAULT_FEATURIZER_CONFIG: FeaturizerConfig = {
  kind: 'hashed-ngrams',
  version: 1,
  buckets: 1 << 18,
  word_ngram_max: 2,
  char_ngram_min: 3,
  char_ngram_max: 5,
  char_ngram_weight: 0.5,
  max_chars: 16_384,
  max_word_chars: 24,
};

const INTEGER_FIELDS = ['buckets', 'word_ngram_max', 'char_ngram_min', 'char_ngram_max', 'max_chars', 'max_word_chars'] as const;
const KNOWN_FIELDS = new Set<string>(['kind', 'version', 'char_ngram_weight', ...INTEGER_FIELDS]);

/** Narrows parsed featurizer.json; throws naming the first problem. */
export function parseFeaturizerConfig(value: unknown, origin: string): FeaturizerConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${origin}: expected a JSON object`);
  const field = (name: string): unknown => Reflect.get(value, name);
  for (const key of Object.keys(value)) if (!KNOWN_FIELDS.has(key)) throw new Error(`${origin}: unknown field "${key}"`);
  if (field('kind') !== 'hashed-ngrams') throw new Error(`${origin}: "kind" must be "hashed-ngrams"`);
  if (field('version') !== 1) throw new Error(`${origin}: "version" must be 1`);
  const ints: Record<(typeof INTEGER_FIELDS)[number], number> = { buckets: 0, word_ngram_max: 0, char_ngram_min: 0, char_ngram_max: 0, max_chars: 0, max_word_chars: 0 };
  for (const name of INTEGER_FIELDS) {
    const raw = field(name);
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) throw new Error(`${origin}: "${name}" must be a positive integer`);
    ints[name] = raw;
  }
  const weight = field('char_ngram_weight');
  if (typeof weight !== 'number' || !(weight >= 0)) throw new Error(`${origin}: "char_ngram_weight" must be a number >= 0`);
  if ((ints.buckets & (ints.buckets - 1)) !== 0 || ints.buckets > 1 << 24) throw new Error(`${origin}: "buckets" must be a power of two up to 2^24`);
  if (ints.word_ngram_max > 3) throw new Error(`${origin}: "word_ngram_max" must be 1, 2 or 3`);
  if (ints.char_ngram_min > ints.char_ngram_max || ints.char_ngram_max > 8) throw new Error(`${origin}: need char_ngram_min <= char_ngram_max <= 8`);
  return {
    kind: 'hashed-ngrams',
    version: 1,
    buckets: ints.buckets,
    word_ngram_max: ints.word_ngram_max,
    char_ngram_min: ints.char_ngram_min,
    char_ngram_max: ints.char_ngram_max,
    char_ngram_weight: weight,
    max_chars: ints.max_chars,
    max_word_chars: ints.max_word_chars,
  };
}
