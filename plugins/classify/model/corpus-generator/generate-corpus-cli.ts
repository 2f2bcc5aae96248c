import { TRAINING_CORPUS_DIR, writeTrainingCorpus } from './write-training-corpus.js';

/** `npm run corpus:generate`: regenerates the committed training files from the generator's sources. */
const counts = writeTrainingCorpus();
console.log(`wrote ${counts.categories} category prompts and ${counts.jailbreak} jailbreak/benign prompts to ${TRAINING_CORPUS_DIR}`);
