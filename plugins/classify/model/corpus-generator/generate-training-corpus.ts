import { BENIGN_LABEL, JAILBREAK_LABEL, type LabelledPrompt } from '../corpus-records.js';
import { createSeededRandom, type SeededRandom } from '../seeded-random.js';
import { addCasualNoise } from './add-casual-noise.js';
import { fillFrame } from './fill-frame.js';
import type { PromptSource } from './prompt-source.js';
import { NEUTRAL_CLOSERS, NEUTRAL_OPENERS, SHARED_FRAMES } from './shared-frames.js';
import { BUSINESS_SOURCE } from './sources/business-source.js';
import { CODE_SOURCE } from './sources/code-source.js';
import { CREATIVE_WRITING_SOURCE } from './sources/creative-writing-source.js';
import { ECONOMICS_SOURCE } from './sources/economics-source.js';
import { GENERAL_CHAT_SOURCE } from './sources/general-chat-source.js';
import { HEALTH_SOURCE } from './sources/health-source.js';
import { HISTORY_SOURCE } from './sources/history-source.js';
import { ATTACK_SEEDS } from './sources/jailbreak-attack-seeds.js';
import { ATTACK_COMPOSERS } from './sources/jailbreak-attack-source.js';
import { LOOKALIKE_COMPOSERS } from './sources/jailbreak-lookalike-source.js';
import { LAW_SOURCE } from './sources/law-source.js';
import { MATH_SOURCE } from './sources/math-source.js';
import { PSYCHOLOGY_SOURCE } from './sources/psychology-source.js';
import { SCIENCE_SOURCE } from './sources/science-source.js';

/** The order here is the order of the category head's outputs. */
export const CATEGORY_SOURCES: readonly PromptSource[] = [
  MATH_SOURCE, CODE_SOURCE, SCIENCE_SOURCE, HEALTH_SOURCE, LAW_SOURCE, BUSINESS_SOURCE, ECONOMICS_SOURCE, HISTORY_SOURCE,
  PSYCHOLOGY_SOURCE, CREATIVE_WRITING_SOURCE, GENERAL_CHAT_SOURCE,
];

export const CORPUS_SEED = 20_240_601;
const ATTACK_DRAWS = 2000;
const LOOKALIKE_DRAWS = 1000;

export interface TrainingCorpus {
  readonly categories: LabelledPrompt[];
  readonly jailbreak: LabelledPrompt[];
}

/** Same seed, same sources → the same corpus, line for line. */
export function generateTrainingCorpus(seed = CORPUS_SEED): TrainingCorpus {
  const random = createSeededRandom(seed);
  const categories = CATEGORY_SOURCES.flatMap((source) => drawCategory(source, random));
  const jailbreak = [
    ...ATTACK_SEEDS.map((text) => ({ text, label: JAILBREAK_LABEL })),
    ...drawFromComposers(ATTACK_COMPOSERS, ATTACK_DRAWS, JAILBREAK_LABEL, random),
    ...drawFromComposers(LOOKALIKE_COMPOSERS, LOOKALIKE_DRAWS, BENIGN_LABEL, random),
  ];
  return { categories, jailbreak };
}

function drawCategory(source: PromptSource, random: SeededRandom): LabelledPrompt[] {
  const seen = new Set<string>();
  const out: LabelledPrompt[] = [];
  const add = (text: string): void => {
    const key = text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ text, label: source.label });
  };
  for (const seed of source.seeds) add(seed);

  const slots = { ...source.slots, topic: source.topics };
  const kinds: (() => string)[] = [];
  if (source.sharedFrames) kinds.push(() => fillFrame(random.pick(SHARED_FRAMES), slots, random));
  if (source.frames.length > 0) kinds.push(() => fillFrame(random.pick(source.frames), slots, random));
  if (source.composers.length > 0) kinds.push(() => random.pick(source.composers)(random));
  if (kinds.length === 0) throw new Error(`source ${source.label} has nothing to draw from`);

  const target = source.seeds.length + source.draws;
  for (let attempts = 0; out.length < target && attempts < source.draws * 20; attempts++) {
    add(dressUp(random.pick(kinds)(), random));
  }
  return out;
}

function drawFromComposers(composers: readonly ((r: SeededRandom) => string)[], draws: number, label: string, random: SeededRandom): LabelledPrompt[] {
  const seen = new Set<string>();
  const out: LabelledPrompt[] = [];
  for (let attempts = 0; out.length < draws && attempts < draws * 20; attempts++) {
    const text = dressUp(random.pick(composers)(random), random);
    const key = text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text, label });
  }
  return out;
}

/** Openers, closers and casual noise: label-neutral variety of register and length. */
function dressUp(text: string, random: SeededRandom): string {
  let out = text;
  if (random.next() < 0.12) out = random.pick(NEUTRAL_OPENERS) + out.charAt(0).toLowerCase() + out.slice(1);
  if (random.next() < 0.12) out = out + random.pick(NEUTRAL_CLOSERS);
  if (random.next() < 0.18) out = addCasualNoise(out, random);
  return out;
}
