import { expect } from 'chai';
import { mergeRegistry } from '../../../../plugins/ha/merge-registry.js';

describe('ha: mergeRegistry (a local write merged into another replica\'s)', () => {
  const a = { id: 'a', url: 'http://a' };
  const b = { id: 'b', url: 'http://b' };
  const c = { id: 'c', url: 'http://c' };

  it('two replicas adding different entries both keep theirs', () => {
    expect(mergeRegistry([a], [a, b], [a, c])).to.deep.equal([a, c, b]);
    expect(mergeRegistry(undefined, [b], [c]), 'no common base yet').to.deep.equal([c, b]);
  });

  it('a removal here and an addition there both hold', () => {
    expect(mergeRegistry([a, b], [b], [a, b, c])).to.deep.equal([b, c]);
  });

  it('an entry changed here replaces theirs in place; one changed on both sides takes this write', () => {
    const a2 = { id: 'a', url: 'http://a2' };
    const a3 = { id: 'a', url: 'http://a3' };
    expect(mergeRegistry([a, b], [a2, b], [a, b, c])).to.deep.equal([a2, b, c]);
    expect(mergeRegistry([a], [a2], [a3])).to.deep.equal([a2]);
  });

  it('entries without an id field merge by their whole JSON; uuid and server_id name entries too', () => {
    expect(mergeRegistry([], [{ x: 1 }], [{ x: 2 }])).to.deep.equal([{ x: 2 }, { x: 1 }]);
    expect(mergeRegistry([], [{ uuid: 'u1', v: 1 }], [{ uuid: 'u1', v: 2 }])).to.deep.equal([{ uuid: 'u1', v: 1 }]);
  });

  it('objects merge by key: different keys set on two replicas both survive; a key removed here goes', () => {
    expect(mergeRegistry({ k: 1 }, { k: 1, x: true }, { k: 1, y: 'on' })).to.deep.equal({ k: 1, y: 'on', x: true });
    expect(mergeRegistry({ k: 1, gone: 2 }, { k: 1 }, { k: 1, gone: 2, y: 3 })).to.deep.equal({ k: 1, y: 3 });
  });

  it('anything else (a scalar, a changed type) is this write', () => {
    expect(mergeRegistry(1, 2, 3)).to.equal(2);
    expect(mergeRegistry([], { a: 1 }, [1])).to.deep.equal({ a: 1 });
  });
});
