import onnxProto from 'onnx-proto';
import type { LinearHeads } from './linear-heads.js';

const { onnx } = onnxProto;
type TensorType = onnxProto.onnx.TensorProto.DataType;

/** Tensor names of the built-in model's graph (the loader checks them). */
export const HASHED_MODEL_IO = {
  indices: 'indices',
  values: 'values',
  categoryLogits: 'category_logits',
  categoryProbabilities: 'category_probabilities',
  jailbreakLogit: 'jailbreak_logit',
  jailbreakProbability: 'jailbreak_probability',
} as const;

const OPSET = 17;
const IR_VERSION = 8;

/**
 * Serialises the heads as an ONNX graph that takes the sparse features as two [batch, n] inputs,
 * bucket `indices` (int32) and their `values` (float; pad rows with value 0), and computes
 * `values · weights[indices] + bias`: a Gather of n weight rows and a batched MatMul, so the cost
 * is proportional to the features present, not to the number of buckets. Outputs: category logits
 * and softmax probabilities [batch, categories], jailbreak logit and sigmoid probability [batch, 1].
 */
export function writeOnnxModel(heads: LinearHeads, labels: readonly string[], docString: string): Uint8Array {
  if (labels.length !== heads.categoryCount) throw new Error(`${labels.length} labels for ${heads.categoryCount} category outputs`);
  const outputs = heads.categoryCount + 1;
  const T = onnx.TensorProto.DataType;
  const valueInfo = (name: string, type: TensorType, dims: readonly (number | string)[]): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: type, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const node = (opType: string, inputs: string[], outputNames: string[], attribute: onnxProto.onnx.IAttributeProto[] = []): onnxProto.onnx.INodeProto => ({
    opType, input: inputs, output: outputNames, name: `${opType.toLowerCase()}_${outputNames[0] ?? ''}`, attribute,
  });
  const intAttribute = (name: string, value: number): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

  const io = HASHED_MODEL_IO;
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'switchyard_hashed_ngram_classifier',
    input: [valueInfo(io.indices, T.INT32, ['batch', 'features']), valueInfo(io.values, T.FLOAT, ['batch', 'features'])],
    output: [
      valueInfo(io.categoryLogits, T.FLOAT, ['batch', heads.categoryCount]),
      valueInfo(io.categoryProbabilities, T.FLOAT, ['batch', heads.categoryCount]),
      valueInfo(io.jailbreakLogit, T.FLOAT, ['batch', 1]),
      valueInfo(io.jailbreakProbability, T.FLOAT, ['batch', 1]),
    ],
    initializer: [
      floatTensor('weights', [heads.buckets, outputs], heads.weights),
      floatTensor('bias', [outputs], heads.bias),
      int64Tensor('axis_one', [1], [1]),
      int64Tensor('head_sizes', [2], [heads.categoryCount, 1]),
    ],
    node: [
      node('Gather', ['weights', io.indices], ['rows'], [intAttribute('axis', 0)]),
      node('Unsqueeze', [io.values, 'axis_one'], ['values_row']),
      node('MatMul', ['values_row', 'rows'], ['weighted_sum']),
      node('Squeeze', ['weighted_sum', 'axis_one'], ['summed']),
      node('Add', ['summed', 'bias'], ['logits']),
      node('Split', ['logits', 'head_sizes'], [io.categoryLogits, io.jailbreakLogit], [intAttribute('axis', 1)]),
      node('Softmax', [io.categoryLogits], [io.categoryProbabilities], [intAttribute('axis', -1)]),
      node('Sigmoid', [io.jailbreakLogit], [io.jailbreakProbability]),
    ],
  };
  const model: onnxProto.onnx.IModelProto = {
    irVersion: IR_VERSION,
    producerName: 'switchyard',
    producerVersion: '1',
    docString,
    opsetImport: [{ domain: '', version: OPSET }],
    metadataProps: [{ key: 'labels', value: JSON.stringify(labels) }],
    graph,
  };
  return onnx.ModelProto.encode(model).finish();
}

function floatTensor(name: string, dims: number[], data: Float32Array): onnxProto.onnx.ITensorProto {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);   // ONNX raw_data is little-endian
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

function int64Tensor(name: string, dims: number[], data: number[]): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: data };
}
