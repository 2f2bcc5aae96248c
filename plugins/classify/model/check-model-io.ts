import type { InferenceSession } from 'onnxruntime-node';
import { HASHED_MODEL_IO } from './write-onnx-model.js';

type ValueMetadata = InferenceSession.ValueMetadata;

/** What the loader learnt about an operator's sequence classifier while checking it. */
export interface SequenceModelShape {
  readonly hasTokenTypeIds: boolean;
  /** A fixed sequence length the graph demands (inputs are padded to it), or null when dynamic. */
  readonly fixedLength: number | null;
}

function describe(meta: ValueMetadata | undefined): string {
  if (meta === undefined) return 'missing';
  if (!meta.isTensor) return 'not a tensor';
  return `${meta.type} [${meta.shape.join(', ')}]`;
}

function expectTensor(list: readonly ValueMetadata[], name: string, type: string, rank: number, what: string, origin: string): readonly (number | string)[] {
  const meta = list.find((entry) => entry.name === name);
  if (meta === undefined || !meta.isTensor || meta.type !== type || (meta.shape.length !== 0 && meta.shape.length !== rank)) {
    throw new Error(`${origin}: expected ${what} "${name}" of type ${type} with ${rank} dimensions; found ${describe(meta)}`);
  }
  return meta.shape;
}

/**
 * An operator's model must look like a HuggingFace sequence classifier exported to ONNX: inputs
 * `input_ids` and `attention_mask` (int64 [batch, sequence], optionally `token_type_ids`) and an
 * output `logits` (float32 [batch, labels]) with as many labels as labels.json lists.
 */
export function checkSequenceModel(inputs: readonly ValueMetadata[], outputs: readonly ValueMetadata[], labelCount: number, origin: string): SequenceModelShape {
  const expected = 'expected a sequence classifier with inputs input_ids, attention_mask (int64 [batch, sequence]) and output logits (float32 [batch, labels])';
  const known = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
  const unknown = inputs.filter((entry) => !known.has(entry.name)).map((entry) => entry.name);
  if (unknown.length > 0) throw new Error(`${origin}: ${expected}; it also wants ${unknown.map((n) => `"${n}"`).join(', ')}`);
  const idsShape = expectTensor(inputs, 'input_ids', 'int64', 2, 'input', origin);
  expectTensor(inputs, 'attention_mask', 'int64', 2, 'input', origin);
  const hasTokenTypeIds = inputs.some((entry) => entry.name === 'token_type_ids');
  if (hasTokenTypeIds) expectTensor(inputs, 'token_type_ids', 'int64', 2, 'input', origin);
  const logitsShape = expectTensor(outputs, 'logits', 'float32', 2, 'output', origin);
  const width = logitsShape[1];
  if (typeof width === 'number' && width !== labelCount) throw new Error(`${origin}: output "logits" has ${width} labels but labels.json lists ${labelCount}`);
  const batch = idsShape[0];
  if (typeof batch === 'number' && batch !== 1 && batch !== -1) throw new Error(`${origin}: input "input_ids" has a fixed batch of ${batch}; need 1 or dynamic`);
  const length = idsShape[1];
  return { hasTokenTypeIds, fixedLength: typeof length === 'number' && length > 0 ? length : null };
}

/** The built-in hashed model: the graph write-onnx-model.ts writes. */
export function checkHashedModel(inputs: readonly ValueMetadata[], outputs: readonly ValueMetadata[], labelCount: number, origin: string): void {
  const io = HASHED_MODEL_IO;
  expectTensor(inputs, io.indices, 'int32', 2, 'input', origin);
  expectTensor(inputs, io.values, 'float32', 2, 'input', origin);
  const probabilities = expectTensor(outputs, io.categoryProbabilities, 'float32', 2, 'output', origin);
  expectTensor(outputs, io.jailbreakProbability, 'float32', 2, 'output', origin);
  const width = probabilities[1];
  if (typeof width === 'number' && width !== labelCount) throw new Error(`${origin}: the model has ${width} categories but labels.json lists ${labelCount}`);
}
