import { expect } from 'chai';
import { createSeededRandom } from '../../../../../plugins/classify/model/seeded-random.js';

describe('createSeededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number): number[] => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 8 }, () => random.next());
    };
    expect(draw(42)).to.deep.equal(draw(42));
    expect(draw(42)).to.not.deep.equal(draw(43));
    for (const value of draw(1)) expect(value).to.be.within(0, 1 - Number.EPSILON);
  });

  it('shuffles every element exactly once, reproducibly', () => {
    const shuffled = createSeededRandom(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).to.deep.equal(createSeededRandom(5).shuffle(Array.from({ length: 50 }, (_, i) => i)));
    expect(shuffled).to.not.deep.equal(Array.from({ length: 50 }, (_, i) => i));
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createSeededRandom(1).pick([])).to.throw('empty');
  });
});
