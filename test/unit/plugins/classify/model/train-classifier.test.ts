import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpusFile } from '../../../../../plugins/classify/model/corpus-records.js';
import { evaluateClassifier, type EvaluationReport } from '../../../../../plugins/classify/model/evaluate-classifier.js';
import { heldOutScoresOf, readHeldOutScores } from '../../../../../plugins/classify/model/held-out-scores.js';
import { parseFeaturizerConfig } from '../../../../../plugins/classify/model/featurizer-config.js';
import { parseLabelsFile } from '../../../../../plugins/classify/model/labels-file.js';
import { defaultModelOptions, loadClassifier, type HashedModelOptions } from '../../../../../plugins/classify/model/load-classifier.js';
import { DEFAULT_CORPUS_DIR } from '../../../../../plugins/classify/model/classify-paths.js';
import { trainClassifier, type TrainingProgress } from '../../../../../plugins/classify/model/train-classifier.js';

async function evaluateHeldOut(options: HashedModelOptions): Promise<EvaluationReport> {
  const classifier = await loadClassifier(options);
  try {
    return await evaluateClassifier((text) => classifier.classify(text), classifier.labels,
      readCorpusFile(join(DEFAULT_CORPUS_DIR, 'held-out', 'categories.jsonl')), readCorpusFile(join(DEFAULT_CORPUS_DIR, 'held-out', 'jailbreak.jsonl')));
  } finally {
    await classifier.close();
  }
}

describe('trainClassifier', function () {
  // Full training is a few seconds of CPU; the timeout only catches a hang on a busy machine.
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'classify-train-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('retrains the shipped model from the committed corpus, to the same held-out scores and the same bytes', async () => {
    const progress: TrainingProgress[] = [];
    const retrainedDir = join(dir, 'retrained');
    const trained = trainClassifier({ outputDir: retrainedDir }, (p) => progress.push(p));
    expect(progress.map((p) => p.phase)).to.deep.equal(['read', 'featurize', 'epoch', 'epoch', 'epoch', 'epoch', 'epoch', 'write']);

    const shipped = await evaluateHeldOut(defaultModelOptions());
    const retrained = await evaluateHeldOut(defaultModelOptions(retrainedDir));
    expect(retrained.accuracy).to.be.closeTo(shipped.accuracy, 0.005);
    expect(retrained.jailbreak?.recall).to.be.closeTo(shipped.jailbreak?.recall ?? NaN, 0.01);
    expect(retrained.jailbreak?.ordinaryFalsePositiveRate).to.be.closeTo(shipped.jailbreak?.ordinaryFalsePositiveRate ?? NaN, 0.01);
    expect(retrained.jailbreak?.lookalikeFalsePositiveRate).to.be.closeTo(shipped.jailbreak?.lookalikeFalsePositiveRate ?? NaN, 0.02);

    // The figures committed next to the model (and reported in the README): a rebuild must land
    // within ±0.01 of each, so a changed corpus, trainer or featurizer cannot move them unnoticed.
    const committed = readHeldOutScores();
    const fix = 'differs from models/default/held-out-scores.json by more than 0.01: retrain (npm run model:train), re-evaluate (npm run eval:classifier -- --write-scores) and update the README figures';
    const rebuilt = heldOutScoresOf(retrained);
    for (const field of ['accuracy', 'jailbreak_recall', 'ordinary_false_positive_rate', 'lookalike_false_positive_rate'] as const) {
      expect(rebuilt[field], `${field} ${fix}`).to.be.closeTo(committed[field], 0.01);
    }

    const shippedBytes = readFileSync(defaultModelOptions().modelPath);
    expect(shippedBytes.equals(Buffer.from(trained.model)), 'models/default is not what the committed corpus trains to: run npm run model:train').to.be.true;
    expect(readFileSync(join(retrainedDir, 'labels.json'), 'utf8')).to.equal(readFileSync(defaultModelOptions().labelsPath, 'utf8'));
    expect(readFileSync(join(retrainedDir, 'featurizer.json'), 'utf8')).to.equal(readFileSync(defaultModelOptions().featurizer, 'utf8'));
  });

  it('writes loadable files for a quick run with its own settings, byte for byte the same every time', async () => {
    const out = join(dir, 'quick');
    const settings = { limitPerLabel: 40, epochs: 2, featurizer: { buckets: 1 << 12 }, jailbreakThreshold: 0.7 };
    const trained = trainClassifier({ ...settings, outputDir: out });
    const again = trainClassifier({ ...settings, outputDir: null });
    expect(again.files).to.deep.equal([]);
    expect(Buffer.from(again.model).equals(readFileSync(join(out, 'model.onnx')))).to.be.true;
    expect(Buffer.from(trainClassifier({ ...settings, seed: 8, outputDir: null }).model).equals(Buffer.from(again.model)), 'the seed matters').to.be.false;
    expect(trained.files.map((f) => f.slice(out.length + 1))).to.deep.equal(['model.onnx', 'labels.json', 'featurizer.json']);
    expect(parseLabelsFile(JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')), 'labels.json').jailbreak_threshold).to.equal(0.7);
    expect(parseFeaturizerConfig(JSON.parse(readFileSync(join(out, 'featurizer.json'), 'utf8')), 'featurizer.json').buckets).to.equal(1 << 12);
    const classifier = await loadClassifier(defaultModelOptions(out));
    try {
      expect(classifier.labels).to.deep.equal(trained.labels);
      expect(trained.labels).to.include('math');
      expect((await classifier.classify('What is the derivative of x squared?')).jailbreak?.probability).to.be.within(0, 1);
    } finally {
      await classifier.close();
    }
  });

  it('refuses featurizer settings the loader would refuse', () => {
    expect(() => trainClassifier({ outputDir: null, featurizer: { buckets: 1000 } })).to.throw('power of two');
  });
});
