import type { FeaturizerConfig } from './featurizer-config.js';

/** A text as the model sees it: distinct hash buckets and their weights (L2-normalised). */
export interface SparseFeatures {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export interface HashedFeaturizer {
  readonly config: FeaturizerConfig;
  featurize(text: string): SparseFeatures;
  /**
   * The same features, with the event loop free between slices of at most `sliceChars` characters
   * (a slice ends between two tokens): no single synchronous section featurizes more than that,
   * whatever `max_chars` lets through. A text that fits one slice is featurized at once.
   */
  featurizeInSlices(text: string, sliceChars?: number): Promise<SparseFeatures>;
}

/**
 * Characters featurized per synchronous section by `featurizeInSlices`: about 0.25 ms of CPU here
 * (0.06 µs a character, char n-grams included), so 20 times under the 5 ms the event loop may stall.
 */
export const DEFAULT_SLICE_CHARS = 4096;
/** Idle scratch arrays kept for overlapping featurizations; more in flight allocate and are dropped. */
const MAX_IDLE_ACCUMULATORS = 4;

/** Where a scan of one text stands between two slices. */
interface ScanState {
  readonly lower: string;
  i: number;
  previous: number;
  beforePrevious: number;
  tokens: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// One seed per feature family so "the" the word and "the" the char 3-gram land in different buckets.
const WORD_SEED = FNV_OFFSET;
const SYMBOL_SEED = 0x5bd1e995;
const CHAR_SEED = 0x27d4eb2f;
const BIGRAM_SEED = 0x165667b1;
const TRIGRAM_SEED = 0x3c6ef372;

const SPACE = 0;
const WORD = 1;
const SYMBOL = 2;

/** murmur3's finaliser: FNV alone leaves the low bits (the bucket) poorly mixed for short strings. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function classify(code: number): number {
  if (code <= 32) return SPACE;
  if (code < 128) {
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95) return WORD;
    if (code >= 65 && code <= 90) return WORD; // only reached for text that was not lower-cased
    return SYMBOL;
  }
  if (code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b) || code === 0xfeff) return SPACE;
  if (code >= 0x2010 && code <= 0x206f) return SYMBOL; // dashes, quotes, bullets
  return WORD;
}

/** Keeps the head and the tail of an over-long input: instructions tend to sit at either end. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.75);
  return `${text.slice(0, head)} ${text.slice(text.length - (maxChars - head - 1))}`;
}

/**
 * Hashed word uni/bi(/tri)-grams, symbol runs (so `=>`, `();` and code fences count) and char
 * n-grams of each word padded with spaces, with sign hashing, log(1 + tf) and an L2 norm. Digits
 * fold to 0 so "12x + 5" and "37x - 2" look alike. Hashes are computed from char codes as the text
 * is scanned (no substrings), and counts go into one dense scratch array reused across calls:
 * featurising is the cost of inference, not the model.
 */
export function createHashedFeaturizer(config: FeaturizerConfig): HashedFeaturizer {
  // A sliced featurization holds its scratch across event-loop turns; calls that overlap it take
  // another from this pool (640 KB each at 2^17 buckets) and give it back, so concurrent long
  // prompts reuse a few arrays instead of allocating one per request.
  const idle: Accumulator[] = [createAccumulator(config)];
  const take = (): Accumulator => idle.pop() ?? createAccumulator(config);
  const giveBack = (accumulator: Accumulator): void => {
    if (idle.length < MAX_IDLE_ACCUMULATORS) idle.push(accumulator);
  };
  const startScan = (text: string): ScanState => ({ lower: truncateText(text, config.max_chars).toLowerCase(), i: 0, previous: 0, beforePrevious: 0, tokens: 0 });
  return {
    config,
    featurize(text: string): SparseFeatures {
      // Synchronous: the scratch is clean again before anyone else can run.
      const accumulator = take();
      const state = startScan(text);
      accumulator.scan(state, Number.POSITIVE_INFINITY);
      const features = accumulator.collect();
      giveBack(accumulator);
      return features;
    },
    async featurizeInSlices(text: string, sliceChars = DEFAULT_SLICE_CHARS): Promise<SparseFeatures> {
      const state = startScan(text);
      const accumulator = take();
      try {
        for (;;) {
          accumulator.scan(state, state.i + sliceChars);
          if (state.i >= state.lower.length) return accumulator.collect();
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } finally {
        // An abandoned scan (it threw) may leave counts behind: its scratch is not reused.
        if (state.i >= state.lower.length) giveBack(accumulator);
      }
    },
  };
}

/** The scratch one featurization counts into, and the scan over it. */
interface Accumulator {
  /** Scans tokens from `state.i` until the text ends or a token starts at or after `stopAt`. */
  scan(state: ScanState, stopAt: number): void;
  /** The features counted so far, normalised; the scratch is left clean for the next text. */
  collect(): SparseFeatures;
}

function createAccumulator(config: FeaturizerConfig): Accumulator {
  const mask = config.buckets - 1;
  const scratch = new Float32Array(config.buckets);
  const seen = new Uint8Array(config.buckets);
  let touched = new Int32Array(4096);
  let touchedCount = 0;
  const wordChars = new Int32Array(config.max_word_chars + 2);
  const { char_ngram_min: charMin, char_ngram_max: charMax, char_ngram_weight: charWeight, word_ngram_max: wordMax } = config;

  const add = (hash: number, weight: number): void => {
    const h = mix(hash);
    const bucket = h & mask;
    scratch[bucket]! += (h >>> 31) === 0 ? weight : -weight;
    if (seen[bucket] === 0) {
      seen[bucket] = 1;
      if (touchedCount === touched.length) {
        const grown = new Int32Array(touched.length * 2);
        grown.set(touched);
        touched = grown;
      }
      touched[touchedCount++] = bucket;
    }
  };

  const addCharNgrams = (length: number): void => {
    for (let start = 0; start + charMin <= length; start++) {
      let h = CHAR_SEED;
      const end = Math.min(length, start + charMax);
      for (let k = start; k < end; k++) {
        h = Math.imul(h ^ wordChars[k]!, FNV_PRIME);
        if (k - start + 1 >= charMin) add(h ^ (k - start), charWeight);
      }
    }
  };

  return {
    scan(state: ScanState, stopAt: number): void {
      const lower = state.lower;
      const n = lower.length;
      let { previous, beforePrevious, tokens, i } = state;
      while (i < n && i < stopAt) {
        const kind = classify(lower.charCodeAt(i));
        if (kind === SPACE) {
          i++;
          continue;
        }
        let h: number;
        if (kind === WORD) {
          h = WORD_SEED;
          let length = 1;
          wordChars[0] = 32;
          for (; i < n; i++) {
            let code = lower.charCodeAt(i);
            if (classify(code) !== WORD) break;
            if (code >= 49 && code <= 57) code = 48;
            h = Math.imul(h ^ code, FNV_PRIME);
            if (length <= config.max_word_chars) wordChars[length++] = code;
          }
          wordChars[length++] = 32;
          if (charWeight > 0) addCharNgrams(length);
        } else {
          h = SYMBOL_SEED;
          let run = 0;
          for (; i < n && classify(lower.charCodeAt(i)) === SYMBOL; i++) {
            if (run++ < 3) h = Math.imul(h ^ lower.charCodeAt(i), FNV_PRIME);
          }
        }
        h >>>= 0;
        add(h, 1);
        if (wordMax >= 2 && tokens >= 1) add(Math.imul(previous, FNV_PRIME) ^ h ^ BIGRAM_SEED, 1);
        if (wordMax >= 3 && tokens >= 2) add(Math.imul(Math.imul(beforePrevious, FNV_PRIME) ^ previous, FNV_PRIME) ^ h ^ TRIGRAM_SEED, 1);
        beforePrevious = previous;
        previous = h;
        tokens++;
      }
      state.i = i;
      state.previous = previous;
      state.beforePrevious = beforePrevious;
      state.tokens = tokens;
    },
    collect,
  };

  function collect(): SparseFeatures {
    const indices = new Int32Array(touchedCount);
    const raw = new Float64Array(touchedCount);
    let kept = 0;
    let sumSquares = 0;
    for (let t = 0; t < touchedCount; t++) {
      const bucket = touched[t]!;
      const count = scratch[bucket]!;
      scratch[bucket] = 0;
      seen[bucket] = 0;
      if (count === 0) continue;   // signs cancelled out
      const value = count > 0 ? Math.log1p(count) : -Math.log1p(-count);
      indices[kept] = bucket;
      raw[kept++] = value;
      sumSquares += value * value;
    }
    touchedCount = 0;
    const norm = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
    const values = new Float32Array(kept);
    for (let k = 0; k < kept; k++) values[k] = raw[k]! * norm;
    return { indices: kept === indices.length ? indices : indices.slice(0, kept), values };
  }
}
