import { expect } from 'chai';
import fc from 'fast-check';
import { isJsonObject } from '../../../../core/streams/is-json-object.js';
import { locateJsonMember, locateJsonValue, type JsonPath } from '../../../../core/streams/locate-json-value.js';

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

describe('locateJsonMember', () => {
  const cut = (text: string, path: JsonPath, key: string): string => {
    const span = locateJsonMember(text, path, key);
    if (span === undefined) return expect.fail(`no member ${key}`);
    return text.slice(0, span.start) + text.slice(span.end);
  };

  it('cuts a member with its comma wherever it sits, leaving the rest as it was written', () => {
    expect(cut('{"usage":null,"a":1}', [], 'usage')).to.equal('{"a":1}');
    expect(cut('{"a":1,"usage":null,"b":2}', [], 'usage')).to.equal('{"a":1,"b":2}');
    expect(cut('{"a":1,"usage":{"x":[1,{"y":"}"}]}}', [], 'usage')).to.equal('{"a":1}');
    expect(cut('{ "a": 1 , "usage": null }', [], 'usage')).to.equal('{ "a": 1 }');
    expect(cut('{"usage":null}', [], 'usage')).to.equal('{}');
    expect(cut('{"c":[{"k":1,"d":2}]}', ['c', 0], 'd')).to.equal('{"c":[{"k":1}]}');
  });

  it('leaves valid JSON without the key for any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), fc.constantFrom(undefined, 2), (object, pick, indent) => {
        const text = JSON.stringify(object, null, indent);
        const parsed: unknown = JSON.parse(text);
        if (!isJsonObject(parsed)) return expect.fail('an object');
        const keys = Object.keys(parsed);
        const key = keys[pick % keys.length]!;
        const expected: Record<string, unknown> = { ...parsed };
        delete expected[key];
        expect(JSON.parse(cut(text, [], key))).to.deep.equal(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('answers undefined when there is no such member or no object', () => {
    expect(locateJsonMember('{"a":1}', [], 'b')).to.equal(undefined);
    expect(locateJsonMember('{}', [], 'a')).to.equal(undefined);
    expect(locateJsonMember('[1]', [], 'a')).to.equal(undefined);
  });
});
