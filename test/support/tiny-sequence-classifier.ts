import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface TinySequenceClassifier {
  readonly embedding: Float32Array;   // [vocab, dim]
  readonly weight: Float32Array;      // [dim, labels]
  readonly bias: Float32Array;        // [labels]
  readonly vocab: number;
  readonly dim: number;
  readonly labels: number;
}

export interface TinyModelShape {
  /** Names of the two id inputs (default input_ids, attention_mask), to build malformed models. */
  readonly idsName?: string;
  readonly maskName?: string;
  readonly withTokenTypeIds?: boolean;
  /** A fixed sequence length instead of a symbolic one. */
  readonly fixedLength?: number;
}

/** Small deterministic weights; no randomness so expected outputs can be recomputed by hand. */
export function createTinyWeights(vocab = 16, dim = 4, labels = 3): TinySequenceClassifier {
  return {
    vocab, dim, labels,
    embedding: Float32Array.from({ length: vocab * dim }, (_, i) => Math.sin(i + 1)),
    weight: Float32Array.from({ length: dim * labels }, (_, i) => Math.cos(i * 0.7)),
    bias: Float32Array.from({ length: labels }, (_, i) => (i - 1) * 0.1),
  };
}

/**
 * A sequence classifier shaped like a HuggingFace export: mean of the token embeddings under the
 * attention mask, then a linear layer to `logits`. Small enough to check by hand.
 */
export function buildTinySequenceModel(model: TinySequenceClassifier, shape: TinyModelShape = {}): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const ids = shape.idsName ?? 'input_ids';
  const mask = shape.maskName ?? 'attention_mask';
  const sequence: onnxProto.onnx.TensorShapeProto.IDimension = shape.fixedLength === undefined ? { dimParam: 'sequence' } : { dimValue: shape.fixedLength };
  const batch: onnxProto.onnx.TensorShapeProto.IDimension = shape.fixedLength === undefined ? { dimParam: 'batch' } : { dimValue: 1 };
  const idInput = (name: string): onnxProto.onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: T.INT64, shape: { dim: [batch, sequence] } } } });
  const floats = (name: string, dims: number[], data: Float32Array): onnxProto.onnx.ITensorProto => ({ name, dims, dataType: T.FLOAT, floatData: Array.from(data) });
  const node = (opType: string, input: string[], output: string[], attribute: onnxProto.onnx.IAttributeProto[] = []): onnxProto.onnx.INodeProto => ({ opType, input, output, attribute });
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'tiny_sequence_classifier',
    input: [idInput(ids), idInput(mask), ...(shape.withTokenTypeIds === true ? [idInput('token_type_ids')] : [])],
    output: [{ name: 'logits', type: { tensorType: { elemType: T.FLOAT, shape: { dim: [batch, { dimValue: model.labels }] } } } }],
    initializer: [
      floats('embedding', [model.vocab, model.dim], model.embedding),
      floats('weight', [model.dim, model.labels], model.weight),
      floats('bias', [model.labels], model.bias),
      floats('one', [1], Float32Array.of(1)),
      { name: 'axis_one', dims: [1], dataType: T.INT64, int64Data: [1] },
      { name: 'axis_two', dims: [1], dataType: T.INT64, int64Data: [2] },
    ],
    node: [
      node('Gather', ['embedding', ids], ['embedded']),
      node('Cast', [mask], ['mask_float'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }]),
      node('Unsqueeze', ['mask_float', 'axis_two'], ['mask_column']),
      node('Mul', ['embedded', 'mask_column'], ['masked']),
      node('ReduceSum', ['masked', 'axis_one'], ['summed'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('ReduceSum', ['mask_float', 'axis_one'], ['count'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]),
      node('Max', ['count', 'one'], ['safe_count']),
      node('Div', ['summed', 'safe_count'], ['mean']),
      node('MatMul', ['mean', 'weight'], ['projected']),
      node('Add', ['projected', 'bias'], ['logits']),
    ],
  };
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'switchyard-test', graph }).finish();
}

/** What the tiny model computes for these ids (all unmasked), in float64. */
export function expectedTinyLogits(model: TinySequenceClassifier, ids: readonly number[]): number[] {
  const mean = new Array<number>(model.dim).fill(0);
  for (const id of ids) for (let d = 0; d < model.dim; d++) mean[d]! += model.embedding[id * model.dim + d]! / Math.max(ids.length, 1);
  return Array.from({ length: model.labels }, (_, l) => model.bias[l]! + mean.reduce((sum, m, d) => sum + m * model.weight[d * model.labels + l]!, 0));
}
