import { expect } from 'chai';
import type { InferenceSession } from 'onnxruntime-node';
import { checkHashedModel, checkSequenceModel } from '../../../../../plugins/classify/model/check-model-io.js';

type Meta = InferenceSession.ValueMetadata;
const tensor = (name: string, type: 'int64' | 'int32' | 'float32', shape: (number | string)[]): Meta => ({ name, isTensor: true, type, shape });
const ids = tensor('input_ids', 'int64', ['batch', 'sequence']);
const mask = tensor('attention_mask', 'int64', ['batch', 'sequence']);
const logits = (labels: number | string): Meta => tensor('logits', 'float32', ['batch', labels]);

describe('checkSequenceModel', () => {
  it('accepts a HuggingFace-style classifier, with or without token_type_ids', () => {
    expect(checkSequenceModel([ids, mask], [logits(3)], 3, 'm.onnx')).to.deep.equal({ hasTokenTypeIds: false, fixedLength: null });
    expect(checkSequenceModel([ids, mask, tensor('token_type_ids', 'int64', ['batch', 'sequence'])], [logits('labels')], 3, 'm.onnx'))
      .to.deep.equal({ hasTokenTypeIds: true, fixedLength: null });
    expect(checkSequenceModel([tensor('input_ids', 'int64', [1, 128]), tensor('attention_mask', 'int64', [1, 128])], [logits(2)], 2, 'm.onnx').fixedLength).to.equal(128);
  });

  const bad: [string, Meta[], Meta[], string][] = [
    ['a missing attention mask', [ids], [logits(3)], 'expected input "attention_mask" of type int64 with 2 dimensions; found missing'],
    ['int32 token ids', [tensor('input_ids', 'int32', ['b', 's']), mask], [logits(3)], 'expected input "input_ids" of type int64 with 2 dimensions; found int32 [b, s]'],
    ['an extra input', [ids, mask, tensor('pixel_values', 'float32', ['b', 3, 224, 224])], [logits(3)], 'it also wants "pixel_values"'],
    ['no logits output', [ids, mask], [tensor('scores', 'float32', ['b', 3])], 'expected output "logits" of type float32'],
    ['a label count that does not fit', [ids, mask], [logits(4)], 'has 4 labels but labels.json lists 3'],
    ['a fixed batch of 8', [tensor('input_ids', 'int64', [8, 'sequence']), mask], [logits(3)], 'fixed batch of 8'],
  ];
  for (const [what, inputs, outputs, message] of bad) {
    it(`refuses ${what} with a message naming the problem`, () => {
      expect(() => checkSequenceModel(inputs, outputs, 3, 'm.onnx')).to.throw(message);
    });
  }
});

describe('checkHashedModel', () => {
  const inputs = [tensor('indices', 'int32', ['batch', 'features']), tensor('values', 'float32', ['batch', 'features'])];
  const outputs = [tensor('category_probabilities', 'float32', ['batch', 11]), tensor('jailbreak_probability', 'float32', ['batch', 1])];

  it('accepts the graph writeOnnxModel produces and refuses a sequence classifier or the wrong label count', () => {
    expect(() => checkHashedModel(inputs, outputs, 11, 'm.onnx')).to.not.throw();
    expect(() => checkHashedModel(inputs, outputs, 10, 'm.onnx')).to.throw('11 categories but labels.json lists 10');
    expect(() => checkHashedModel([ids, mask], [logits(11)], 11, 'm.onnx')).to.throw('expected input "indices"');
  });
});
