import { expect } from 'chai';
import fc from 'fast-check';
import { isJsonObject } from '../../../../core/streams/is-json-object.js';
import { locateJsonValue, type JsonPath } from '../../../../core/streams/locate-json-value.js';

/** Every path to a value inside `value`, the root's included. */
function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((item: unknown, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (isJsonObject(value)) for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

function valueAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((at, step) => (Array.isArray(at) && typeof step === 'number' ? at[step] : isJsonObject(at) && typeof step === 'string' ? at[step] : undefined), value);
}

describe('locateJsonValue', () => {
  it('finds every value of any JSON document, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t', ' \r\n '), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        for (const path of pathsOf(JSON.parse(text))) {
          const span = locateJsonValue(text, path);
          if (span === undefined) return expect.fail(`no span for ${JSON.stringify(path)} in ${text}`);
          expect(JSON.parse(text.slice(span.start, span.end))).to.deep.equal(valueAt(JSON.parse(text), path));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('skips strings holding quotes, backslashes and brackets', () => {
    const text = '{"a":"x\\\\\\"}]{[","b" : [ "\\\\" , {"c":"]"} ],"d":1}';
    expect(text.slice(locateJsonValue(text, ['b', 1, 'c'])!.start, locateJsonValue(text, ['b', 1, 'c'])!.end)).to.equal('"]"');
    const d = locateJsonValue(text, ['d'])!;
    expect(text.slice(d.start, d.end)).to.equal('1');
  });

  it('resolves a duplicated key to its last occurrence, like JSON.parse, and reads escaped keys', () => {
    const text = '{"content":"first","\\u0063ontent":"second"}';
    const span = locateJsonValue(text, ['content'])!;
    expect(text.slice(span.start, span.end)).to.equal('"second"');
    expect(JSON.parse(text)).to.deep.equal({ content: 'second' });
  });

  it('answers undefined for a path that is not there', () => {
    expect(locateJsonValue('{"a":[1,2]}', ['a', 2])).to.equal(undefined);
    expect(locateJsonValue('{"a":[1,2]}', ['b'])).to.equal(undefined);
    expect(locateJsonValue('{"a":[1,2]}', ['a', 'x'])).to.equal(undefined);
    expect(locateJsonValue('{}', ['a'])).to.equal(undefined);
    expect(locateJsonValue('[]', [0])).to.equal(undefined);
  });
});
