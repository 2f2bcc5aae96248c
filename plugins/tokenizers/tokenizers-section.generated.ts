// Generated from schemas/config/tokenizers.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface TokenizersSectionDocument {
  /**
   * Directories tokenizer.json, tokenizer_config.json and chat template files may be read from (after resolving links). Empty: only built-in encodings.
   */
  roots: string[];
  /**
   * model → tokenizer: a registered or preloaded tokenizer's name, or a source (path or built-in encoding). A key ending in * matches every model starting with the rest.
   */
  models: {
    [k: string]: string | undefined;
  };
  /**
   * Tokenizers registered at boot, as POST /v1/tokenizers would.
   */
  preload: {
    /**
     * Unique name; tokenize requests may give it as `model`.
     */
    name: string;
    /**
     * A path to tokenizer.json or its directory inside tokenizers.roots (absolute, or starting with ./ or ../), a built-in encoding (o200k_base, o200k_harmony, cl100k_base, p50k_base, r50k_base), or a hub id / model name that matches a built-in encoding. Nothing is downloaded.
     */
    source: string;
    /**
     * A Jinja file inside tokenizers.roots that replaces the tokenizer's chat template.
     */
    chat_template_path?: string;
  }[];
  /**
   * Largest tokenizer file read (Llama 3's tokenizer.json is about 9 MB).
   */
  max_file_bytes: number;
  /**
   * What token counts are estimated with for a model without a ready tokenizer.
   */
  fallback_encoding: "o200k_base" | "o200k_harmony" | "cl100k_base" | "p50k_base" | "r50k_base";
}

/** schemas/config/tokenizers.schema.json after validation (defaults filled), frozen. */
export type TokenizersSection = DeepReadonly<TokenizersSectionDocument>;
