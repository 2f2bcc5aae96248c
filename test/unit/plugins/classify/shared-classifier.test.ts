import { expect } from 'chai';
import pino from 'pino';
import type { PromptClassifier } from '../../../../plugins/classify/model/classify-result.js';
import { createSharedClassifier } from '../../../../plugins/classify/shared-classifier.js';

/** A classifier that only counts its closes: what a reload's swap must get right is when. */
function countingClassifier(): { classifier: PromptClassifier; closes: () => number } {
  let closes = 0;
  return {
    classifier: {
      labels: ['a'],
      classify: () => Promise.resolve({ category: 'a', confidence: 1, scores: { a: 1 }, jailbreak: null }),
      close: () => {
        closes += 1;
        return Promise.resolve();
      },
    },
    closes: () => closes,
  };
}

describe('createSharedClassifier: release of a replaced model', () => {
  const logger = pino({ level: 'silent' });
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('a retired model closes only when its last holder lets go, and only once', async () => {
    const { classifier, closes } = countingClassifier();
    const shared = createSharedClassifier(logger, () => Promise.resolve(classifier));
    await shared.get();
    const stage = shared.retain();
    const apiCall = shared.retain();
    shared.retire();
    await settle();
    expect(closes(), 'requests still run on it').to.equal(0);
    stage();
    stage();
    await settle();
    expect(closes(), 'releasing twice counts once').to.equal(0);
    apiCall();
    await settle();
    expect(closes()).to.equal(1);
    await shared.close();
    expect(closes(), 'the app closing later does not close it again').to.equal(1);
  });

  it('a model never loaded has nothing to close', async () => {
    let loads = 0;
    const shared = createSharedClassifier(logger, () => {
      loads += 1;
      return Promise.resolve(countingClassifier().classifier);
    });
    shared.retire();
    await shared.close();
    expect(loads).to.equal(0);
  });
});
