import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { heldOutScoresOf, heldOutScoresPath } from '../../plugins/classify/model/held-out-scores.js';
import { readCorpusFile } from '../../plugins/classify/model/corpus-records.js';
import { evaluateClassifier } from '../../plugins/classify/model/evaluate-classifier.js';
import { formatEvaluation } from '../../plugins/classify/model/format-evaluation.js';
import { defaultModelOptions, loadClassifier } from '../../plugins/classify/model/load-classifier.js';
import { DEFAULT_CORPUS_DIR } from '../../plugins/classify/model/classify-paths.js';

/**
 * `npm run eval:classifier [-- held-out|dev] [--verbose] [--write-scores]`: the shipped model, through
 * onnxruntime-node, on the held-out set (default) or the dev set. --verbose lists missed attacks and
 * false positives. --write-scores (held-out only) records the figures in
 * models/default/held-out-scores.json, which the retraining test holds every rebuild to (±0.01).
 */
const args = process.argv.slice(2);
const set = args.find((arg) => !arg.startsWith('--')) ?? 'held-out';
const classifier = await loadClassifier(defaultModelOptions());
const categories = readCorpusFile(join(DEFAULT_CORPUS_DIR, set, 'categories.jsonl'));
const jailbreak = readCorpusFile(join(DEFAULT_CORPUS_DIR, set, 'jailbreak.jsonl'));
const report = await evaluateClassifier((text) => classifier.classify(text), classifier.labels, categories, jailbreak);
console.log(`${set} set, shipped model (onnxruntime-node)\n`);
console.log(formatEvaluation(report));
if (args.includes('--verbose') && report.jailbreak !== null) {
  for (const text of report.jailbreak.missed) console.log(`missed: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
  for (const text of report.jailbreak.falsePositives) console.log(`false positive: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
}
if (args.includes('--write-scores')) {
  if (set !== 'held-out') throw new Error('--write-scores records the held-out figures only');
  const path = heldOutScoresPath();
  writeFileSync(path, `${JSON.stringify(heldOutScoresOf(report), null, 2)}\n`);
  console.log(`\nwrote ${path}`);
}
await classifier.close();
