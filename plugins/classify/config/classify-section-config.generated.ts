// Generated from schemas/config/classify.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

/**
 * Absent: the shipped model (plugins/classify/models/default). An operator's model is read from files inside model_roots only.
 */
interface ClassifySectionConfigDocument {
  /**
   * Directories an operator's model files must be inside once links are resolved.
   */
  model_roots: string[];
  /**
   * An operator's model: the built-in hashed kind (featurizer_path, as models/default has) or an ONNX sequence classifier exported the HuggingFace way (input_ids, attention_mask → logits) with its tokenizer.json (WordPiece, BPE …).
   */
  model?: {
    model_path: string;
    /**
     * labels.json: the labels in logit order; jailbreak_label names the prompt-guard label of a sequence model.
     */
    labels_path: string;
    featurizer_path?: string;
    /**
     * A tokenizer.json, or the directory holding it.
     */
    tokenizer_path?: string;
    /**
     * Token budget of a sequence model, special tokens included.
     */
    max_tokens: number;
  };
}

/** schemas/config/classify.schema.json after validation (defaults filled), frozen. */
export type ClassifySectionConfig = DeepReadonly<ClassifySectionConfigDocument>;
