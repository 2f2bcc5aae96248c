/** Token ids and attention mask for one text, as an ONNX sequence classifier expects them. */
export interface EncodedText {
  readonly inputIds: ArrayLike<number>;
  /** 1 for real tokens, 0 for padding; same length as inputIds. */
  readonly attentionMask: ArrayLike<number>;
}

/**
 * What an operator-supplied model needs from a tokenizer (plugins/tokenizers/ will provide one that
 * reads a HuggingFace tokenizer.json). `maxTokens` is the budget including special tokens: an
 * encoder that knows its special tokens should truncate so they survive; the loader cuts anything
 * still longer. Named after the brief; it is not the WHATWG TextEncoder (that one makes UTF-8).
 */
export interface TextEncoder {
  encode(text: string, maxTokens: number): EncodedText;
}
