import { TokenizerFormatError } from './tokenizer-errors.js';

/**
 * What @huggingface/tokenizers can run, checked before it is handed a tokenizer.json. The library
 * throws on some unknown types itself but silently approximates others (Split behaviours other
 * than Isolated/Removed, Punctuation's per-character isolation), and an approximation means wrong
 * token ids, so those are refused here with every offending component named at once.
 */
const NORMALIZERS = new Set(['BertNormalizer', 'Precompiled', 'Sequence', 'Replace', 'NFC', 'NFD', 'NFKC', 'NFKD', 'Strip', 'StripAccents', 'Lowercase', 'Prepend']);
const PRE_TOKENIZERS = new Set(['BertPreTokenizer', 'Sequence', 'Whitespace', 'WhitespaceSplit', 'Metaspace', 'ByteLevel', 'Split', 'Punctuation', 'Digits', 'Replace', 'FixedLength']);
const MODELS = new Set(['BPE', 'WordPiece', 'Unigram']);
const POST_PROCESSORS = new Set(['TemplateProcessing', 'ByteLevel', 'BertProcessing', 'RobertaProcessing', 'Sequence']);
const DECODERS = new Set(['ByteLevel', 'WordPiece', 'Metaspace', 'BPEDecoder', 'CTC', 'Sequence', 'Replace', 'Fuse', 'Strip', 'ByteFallback']);
const SPLIT_BEHAVIOURS = new Set(['Isolated', 'Removed']);

type Record_ = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws TokenizerFormatError naming every unsupported or malformed component; returns the checked object. */
export function checkTokenizerComponents(tokenizerJson: unknown): Record_ {
  if (!isJsonObject(tokenizerJson)) throw new TokenizerFormatError('tokenizer.json must be a JSON object');
  const problems: string[] = [];

  const model = tokenizerJson['model'];
  if (!isJsonObject(model)) problems.push('model is missing');
  else if (typeof model['type'] !== 'string') problems.push('model has no type');
  else if (!MODELS.has(model['type'])) problems.push(`model '${model['type']}'`);
  else {
    const modelType = model['type'];
    if (!hasUsableVocab(modelType, model['vocab'])) problems.push(`model ${modelType} has no usable vocab (token → integer id, or [piece, score] pairs for Unigram)`);
    if (modelType === 'BPE' && !Array.isArray(model['merges'])) problems.push('model BPE has no merges list');
  }

  checkComponent(tokenizerJson['normalizer'], 'normalizer', NORMALIZERS, 'normalizers', problems);
  checkComponent(tokenizerJson['pre_tokenizer'], 'pre_tokenizer', PRE_TOKENIZERS, 'pretokenizers', problems);
  checkComponent(tokenizerJson['post_processor'], 'post_processor', POST_PROCESSORS, 'processors', problems);
  checkComponent(tokenizerJson['decoder'], 'decoder', DECODERS, 'decoders', problems);

  const added = tokenizerJson['added_tokens'];
  if (added !== undefined && added !== null) {
    if (!Array.isArray(added)) problems.push('added_tokens is not a list');
    else if (!added.every((token) => isJsonObject(token) && Number.isSafeInteger(token['id']) && typeof token['content'] === 'string' && token['content'] !== '')) {
      problems.push('added_tokens has an entry without an integer id and a content string');
    }
  }

  if (problems.length > 0) throw new TokenizerFormatError(`tokenizer.json uses what this gateway cannot run: ${problems.join('; ')}`);
  return tokenizerJson;
}

function checkComponent(value: unknown, kind: string, supported: ReadonlySet<string>, sequenceKey: string, problems: string[]): void {
  if (value === undefined || value === null) return;
  if (!isJsonObject(value) || typeof value['type'] !== 'string') {
    problems.push(`${kind} without a type`);
    return;
  }
  const type = value['type'];
  if (!supported.has(type)) {
    problems.push(`${kind} '${type}'`);
    return;
  }
  if (type === 'Sequence') {
    const items = value[sequenceKey];
    if (!Array.isArray(items)) problems.push(`${kind} Sequence without ${sequenceKey}`);
    else for (const item of items) checkComponent(item, kind, supported, sequenceKey, problems);
    return;
  }
  if (kind === 'pre_tokenizer' && type === 'Split') {
    const behaviour = value['behavior'];
    if (typeof behaviour !== 'string' || !SPLIT_BEHAVIOURS.has(behaviour)) problems.push(`pre_tokenizer Split with behavior '${String(behaviour)}'`);
  }
  if (kind === 'pre_tokenizer' && type === 'Punctuation' && value['behavior'] !== 'Contiguous') {
    const behaviour = typeof value['behavior'] === 'string' ? value['behavior'] : 'Isolated';
    problems.push(`pre_tokenizer Punctuation with behavior '${behaviour}' (only Contiguous is reproduced exactly)`);
  }
  if ((type === 'Split' || type === 'Replace') && !isPattern(value['pattern'])) problems.push(`${kind} ${type} without a String or Regex pattern`);
}

/** Checked up front: the library would hand back whatever a malformed vocab holds as token ids. */
function hasUsableVocab(modelType: string, vocab: unknown): boolean {
  if (modelType === 'Unigram') {
    return Array.isArray(vocab) && vocab.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number');
  }
  return isJsonObject(vocab) && Object.values(vocab).every((id) => Number.isSafeInteger(id) && typeof id === 'number' && id >= 0);
}

function isPattern(value: unknown): boolean {
  return isJsonObject(value) && (typeof value['String'] === 'string' || typeof value['Regex'] === 'string');
}
