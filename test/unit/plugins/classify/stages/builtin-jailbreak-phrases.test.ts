import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CORPUS_DIR } from '../../../../../plugins/classify/model/classify-paths.js';
import { BUILTIN_JAILBREAK_PHRASES } from '../../../../../plugins/classify/stages/builtin-jailbreak-phrases.js';
import { createPhraseRules } from '../../../../../plugins/classify/stages/phrase-rules.js';

function rowsOf(file: string): { text: string; label: string }[] {
  return readFileSync(join(DEFAULT_CORPUS_DIR, file), 'utf8').trim().split('\n').map((line) => {
    const row: unknown = JSON.parse(line);
    const text: unknown = row !== null && typeof row === 'object' ? Reflect.get(row, 'text') : undefined;
    const label: unknown = row !== null && typeof row === 'object' ? Reflect.get(row, 'label') : undefined;
    return { text: String(text), label: String(label) };
  });
}

describe('the built-in jailbreak phrases', () => {
  const rules = createPhraseRules(BUILTIN_JAILBREAK_PHRASES);
  it('match no ordinary prompt and no tricky look-alike of the corpus', () => {
    for (const file of ['held-out/jailbreak.jsonl', 'dev/jailbreak.jsonl', 'train/jailbreak.jsonl', 'held-out/categories.jsonl', 'dev/categories.jsonl', 'train/categories.jsonl']) {
      const matched = rowsOf(file).filter((r) => r.label !== 'jailbreak' && rules.match(r.text) !== undefined);
      expect(matched.map((r) => r.text), file).to.deep.equal([]);
    }
  });
  it('catch some held-out attacks on their own', () => {
    expect(rowsOf('held-out/jailbreak.jsonl').filter((r) => r.label === 'jailbreak' && rules.match(r.text) !== undefined)).to.not.be.empty;
  });
});
