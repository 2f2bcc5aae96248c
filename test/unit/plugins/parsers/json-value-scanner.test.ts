import { expect } from 'chai';
import fc from 'fast-check';
import { JsonValueScanner } from '../../../../plugins/parsers/json-value-scanner.js';
import { splitAt } from './parser-test-helpers.js';

function scan(chunks: readonly string[]): { scanner: JsonValueScanner; deltas: string[]; stoppedAt: number } {
  const scanner = new JsonValueScanner();
  const deltas: string[] = [];
  let consumed = 0;
  let stoppedAt = -1;
  for (const chunk of chunks) {
    const stop = scanner.feed(chunk, 0, chunk.length);
    deltas.push(scanner.takeDelta());
    if (stop < chunk.length && stoppedAt < 0) stoppedAt = consumed + stop;
    consumed += chunk.length;
  }
  scanner.endOfInput();
  return { scanner, deltas, stoppedAt };
}

function repaired(text: string): string {
  return scan([text]).scanner.finalText();
}

describe('JsonValueScanner', () => {
  it('reads any JSON value, however split, back to the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 10 }), (value, cuts) => {
        const text = JSON.stringify(value, null, 1);
        const { scanner, deltas } = scan(splitAt(text, cuts.map((c) => c % (text.length + 1))));
        expect(scanner.status).to.equal('complete');
        expect(scanner.finalText()).to.equal(text);
        expect(deltas.join('')).to.equal(text);
      }),
    );
  });

  it('closes every prefix of an object into valid JSON, and only ever sends a prefix of that', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value);
        const prefix = text.slice(0, cut % (text.length + 1));
        const { scanner, deltas } = scan(prefix.split(''));
        const final = scanner.finalText();
        if (prefix === '') return;
        expect(() => {
          JSON.parse(final);
        }, `${prefix} → ${final}`).not.to.throw();
        expect(final.startsWith(deltas.join(''))).to.equal(true);
      }),
    );
  });

  it('cuts at the last safe point: dangling keys, separators, numbers and literals go', () => {
    expect(repaired('{"city": "Par')).to.equal('{"city": "Par"}');
    expect(repaired('{"a": 1, "b')).to.equal('{"a": 1}');
    expect(repaired('{"a": 1, "b": ')).to.equal('{"a": 1}');
    expect(repaired('{"a": [1, 2.')).to.equal('{"a": [1, 2]}');
    expect(repaired('{"a": tr')).to.equal('{}');
    expect(repaired('{"a": "x\\')).to.equal('{"a": "x"}');
    expect(repaired('{"a": "\\u00')).to.equal('{"a": ""}');
  });

  it('repairs the obvious slips', () => {
    expect(repaired('{"code": "line1\nline2\ttab"}')).to.equal('{"code": "line1\\nline2\\ttab"}');
    expect(repaired('{"a": [1, 2,], "b": {"c": 1,},}')).to.equal('{"a": [1, 2], "b": {"c": 1}}');
    expect(repaired('{"path": "C:\\dir"}')).to.equal('{"path": "C:\\\\dir"}');
    expect(repaired('{"ok": True, "no": False, "x": None}')).to.equal('{"ok": true, "no": false, "x": null}');
    expect(repaired('{"u": "\\u12G4"}')).to.equal('{"u": "\\\\u12G4"}');
  });

  it('stops where the value ends or turns invalid, without consuming that character', () => {
    const done = scan(['{"a": 1} trailing']);
    expect(done.scanner.status).to.equal('complete');
    expect(done.stoppedAt).to.equal(8);
    const broken = scan(['{"a": 1 x']);
    expect(broken.scanner.status).to.equal('error');
    expect(broken.stoppedAt).to.equal(8);
    expect(broken.scanner.finalText()).to.equal('{"a": 1}');
  });

  it('treats a bare number as complete only when its region ends', () => {
    const scanner = new JsonValueScanner();
    scanner.feed('12', 0, 2);
    expect(scanner.status).to.equal('partial');
    scanner.endOfInput();
    expect(scanner.status).to.equal('complete');
    expect(scanner.finalText()).to.equal('12');
  });

  it('refuses nesting deeper than its limit instead of growing without bound', () => {
    const { scanner } = scan(['['.repeat(10_000)]);
    expect(scanner.status).to.equal('error');
    expect(JSON.parse(scanner.finalText())).to.be.an('array');
  });
});
