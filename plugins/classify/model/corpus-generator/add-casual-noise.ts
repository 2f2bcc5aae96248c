import type { SeededRandom } from '../seeded-random.js';

const SHORTHANDS: readonly (readonly [RegExp, string])[] = [
  [/\byou\b/g, 'u'], [/\bplease\b/gi, 'pls'], [/\bthanks\b/gi, 'thx'], [/\bbecause\b/g, 'cuz'],
  [/\bwhat is\b/gi, 'whats'], [/\bI am\b/g, 'im'], [/\bdon't\b/g, 'dont'], [/\bcan't\b/g, 'cant'],
];

/**
 * Makes a prompt look typed in a hurry: lower case, dropped punctuation, shorthand, one or two
 * typos. Real prompts look like this often enough that a model trained only on tidy text misreads them.
 */
export function addCasualNoise(text: string, random: SeededRandom): string {
  let out = text;
  if (random.next() < 0.6) out = out.toLowerCase();
  if (random.next() < 0.5) out = out.replace(/[?.!]+$/, '');
  if (random.next() < 0.4) {
    const [pattern, replacement] = random.pick(SHORTHANDS);
    out = out.replace(pattern, replacement);
  }
  const typos = random.below(3);
  for (let i = 0; i < typos; i++) out = addTypo(out, random);
  return out;
}

function addTypo(text: string, random: SeededRandom): string {
  const words = [...text.matchAll(/[A-Za-z]{5,}/g)];
  if (words.length === 0) return text;
  const word = random.pick(words);
  const start = word.index;
  const at = start + 1 + random.below(word[0].length - 2);
  const kind = random.below(3);
  if (kind === 0) return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);   // swap
  if (kind === 1) return text.slice(0, at) + text.slice(at + 1);                              // drop
  return text.slice(0, at) + text[at] + text.slice(at);                                        // double
}
