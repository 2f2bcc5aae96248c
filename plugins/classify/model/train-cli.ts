import { trainClassifier, type TrainingProgress } from './train-classifier.js';

/** `npm run model:train`: retrains models/default from the committed corpus, printing progress. */
function report(progress: TrainingProgress): void {
  switch (progress.phase) {
    case 'read':
      console.log(`read ${progress.categoryPrompts} category prompts, ${progress.jailbreakPrompts} jailbreak/benign prompts; labels: ${progress.labels.join(', ')}`);
      break;
    case 'featurize':
      console.log(`featurized ${progress.examples} prompts in ${progress.ms.toFixed(0)} ms`);
      break;
    case 'epoch':
      console.log(`epoch ${progress.epoch}/${progress.epochs}  category loss ${progress.categoryLoss.toFixed(4)} acc ${progress.categoryAccuracy.toFixed(4)}  `
        + `jailbreak loss ${progress.jailbreakLoss.toFixed(4)} acc ${progress.jailbreakAccuracy.toFixed(4)}  (${progress.ms.toFixed(0)} ms)`);
      break;
    case 'write':
      console.log(`wrote ${progress.files.join(', ')} (model ${(progress.modelBytes / 1e6).toFixed(1)} MB)`);
      break;
  }
}

const result = trainClassifier({}, report);
console.log(`trained in ${(result.durationMs / 1000).toFixed(1)} s`);
