import { expect } from 'chai';
import { coerceParameterValue, declaredParameterType } from '../../../../plugins/parsers/coerce-parameter-value.js';

describe('coerceParameterValue', () => {
  it('follows the declared type', () => {
    expect(coerceParameterValue('\n42\n', 'string')).to.equal('"42"');
    expect(coerceParameterValue('42', 'integer')).to.equal('42');
    expect(coerceParameterValue('4.5', 'integer')).to.equal('"4.5"');
    expect(coerceParameterValue(' 4.5 ', 'number')).to.equal('4.5');
    expect(coerceParameterValue('True', 'boolean')).to.equal('true');
    expect(coerceParameterValue('{"a": [1]}', 'object')).to.equal('{"a":[1]}');
    expect(coerceParameterValue('[1, 2]', 'object')).to.equal('"[1, 2]"');
    expect(coerceParameterValue('not json', 'array')).to.equal('"not json"');
  });

  it('without a type reads JSON, then Python literals, then a string', () => {
    expect(coerceParameterValue('42', undefined)).to.equal('42');
    expect(coerceParameterValue('None', undefined)).to.equal('null');
    expect(coerceParameterValue('[1, "a"]', undefined)).to.equal('[1,"a"]');
    expect(coerceParameterValue('Paris', undefined)).to.equal('"Paris"');
    expect(coerceParameterValue('', undefined)).to.equal('""');
  });

  it('keeps inner newlines of strings and drops only the layout newline on each side', () => {
    expect(coerceParameterValue('\nline 1\n\nline 2\n\n', 'string')).to.equal(JSON.stringify('line 1\n\nline 2\n'));
  });

  it('finds declared types in a schema, tolerating odd schemas', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer' }, b: { type: ['null', 'string'] }, c: { enum: ['x', 'y'] }, d: {} } };
    expect(declaredParameterType(schema, 'a')).to.equal('integer');
    expect(declaredParameterType(schema, 'b')).to.equal('string');
    expect(declaredParameterType(schema, 'c')).to.equal('string');
    expect(declaredParameterType(schema, 'd')).to.equal(undefined);
    expect(declaredParameterType(schema, 'missing')).to.equal(undefined);
    expect(declaredParameterType('nonsense', 'a')).to.equal(undefined);
    expect(declaredParameterType({ properties: [] }, 'a')).to.equal(undefined);
  });
});
