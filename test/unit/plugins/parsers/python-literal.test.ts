import { expect } from 'chai';
import { PythonValueBoundary, pythonLiteralToJson } from '../../../../plugins/parsers/python-literal.js';

describe('pythonLiteralToJson', () => {
  it('turns Python literals into JSON', () => {
    expect(pythonLiteralToJson(`'it\\'s'`)).to.equal('"it\'s"');
    expect(pythonLiteralToJson('"a\\nb\\x41\\u00e9"')).to.equal('"a\\nbAé"');
    expect(pythonLiteralToJson('1_000')).to.equal('1000');
    expect(pythonLiteralToJson('-2.5e3')).to.equal('-2500');
    expect(pythonLiteralToJson('(1, [True, None], {"k": \'v\', 2: False})')).to.equal('[1,[true,null],{"2":false,"k":"v"}]');
    expect(pythonLiteralToJson('{"__proto__": 1}')).to.equal('{"__proto__":1}');
  });

  it('refuses what is not a literal', () => {
    for (const text of ['name', 'f(1)', '1 + 2', '"open', '[1, 2', '{1}', '']) expect(pythonLiteralToJson(text), text).to.equal(undefined);
  });
});

describe('PythonValueBoundary', () => {
  it('ends a value at a top-level comma or closer, not inside strings or brackets', () => {
    const text = `[1, "a,)", ('x', 2)], next`;
    expect(new PythonValueBoundary().find(text, 0, text.length)).to.equal(text.indexOf('], next') + 1);
    const boundary = new PythonValueBoundary();
    expect(boundary.find(`"it\\"s`, 0, 6)).to.equal(-1);
    expect(boundary.find(`", x)`, 0, 5)).to.equal(1);
  });
});
