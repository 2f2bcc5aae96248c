import { collectReasoningResult, collectToolCallResult } from './collect-results.js';
import { createMachineStream, type StreamMachine } from './machine-stream.js';
import type {
  ParserStream,
  ReasoningParser,
  ReasoningParserOptions,
  ReasoningStreamEvent,
  ToolCallParser,
  ToolCallParserOptions,
  ToolCallStreamEvent,
} from './parser-types.js';
import { ReasoningEmitter } from './reasoning-emitter.js';
import { createDeepseekR1Machine } from './reasoning/deepseek-r1.js';
import { createGlm45Machine } from './reasoning/glm45.js';
import { createGptOssReasoningMachine } from './reasoning/gpt-oss.js';
import { createKimiMachine } from './reasoning/kimi.js';
import { createMinimaxMachine } from './reasoning/minimax.js';
import { createPassthroughReasoningMachine } from './reasoning/passthrough.js';
import { createQwen3Machine } from './reasoning/qwen3.js';
import { createQwen3ThinkingMachine } from './reasoning/qwen3-thinking.js';
import { createStep3Machine as createStep3ReasoningMachine } from './reasoning/step3.js';
import { ToolCallEmitter } from './tool-call-emitter.js';
import { createDeepSeekV3Machine } from './tool-call/deepseek-v3.js';
import { createDeepSeekV31Machine } from './tool-call/deepseek-v31.js';
import { createGlm4MoeMachine } from './tool-call/glm4-moe.js';
import { createGptOssMachine } from './tool-call/gpt-oss.js';
import { createJsonMachine } from './tool-call/json.js';
import { createKimiK2Machine } from './tool-call/kimi-k2.js';
import { createLlama3Machine } from './tool-call/llama3.js';
import { createMinimaxM2Machine } from './tool-call/minimax-m2.js';
import { createMistralMachine } from './tool-call/mistral.js';
import { createPassthroughMachine } from './tool-call/passthrough.js';
import { createPythonicMachine } from './tool-call/pythonic.js';
import { createQwenMachine } from './tool-call/qwen.js';
import { createQwen3CoderMachine } from './tool-call/qwen3-coder.js';
import { createStep3Machine } from './tool-call/step3.js';

type ToolCallMachineFactory = (emitter: ToolCallEmitter) => StreamMachine;
type ReasoningMachineFactory = (emitter: ReasoningEmitter, options: ReasoningParserOptions) => StreamMachine;

const TOOL_CALL_PARSERS: Readonly<Record<string, ToolCallMachineFactory>> = {
  passthrough: createPassthroughMachine,
  json: createJsonMachine,
  pythonic: createPythonicMachine,
  llama3: createLlama3Machine,
  mistral: createMistralMachine,
  qwen: createQwenMachine,
  qwen3_coder: createQwen3CoderMachine,
  deepseek_v3: createDeepSeekV3Machine,
  deepseek_v31: createDeepSeekV31Machine,
  glm4_moe: createGlm4MoeMachine,
  kimi_k2: createKimiK2Machine,
  gpt_oss: createGptOssMachine,
  step3: createStep3Machine,
  minimax_m2: createMinimaxM2Machine,
};

/** Other names SGLang, SMG and vLLM use for the same formats (after lower-casing and `-` → `_`). */
const TOOL_CALL_ALIASES: Readonly<Record<string, string>> = {
  llama: 'llama3',
  llama3_json: 'llama3',
  qwen25: 'qwen',
  hermes: 'qwen',
  qwen_coder: 'qwen3_coder',
  deepseek: 'deepseek_v3',
  deepseekv3: 'deepseek_v3',
  deepseekv31: 'deepseek_v31',
  glm: 'glm4_moe',
  glm4: 'glm4_moe',
  glm45: 'glm4_moe',
  glm47: 'glm4_moe',
  kimik2: 'kimi_k2',
  minimax: 'minimax_m2',
};

const REASONING_PARSERS: Readonly<Record<string, ReasoningMachineFactory>> = {
  passthrough: createPassthroughReasoningMachine,
  deepseek_r1: createDeepseekR1Machine,
  qwen3: createQwen3Machine,
  qwen3_thinking: createQwen3ThinkingMachine,
  glm45: createGlm45Machine,
  kimi: createKimiMachine,
  step3: createStep3ReasoningMachine,
  minimax: createMinimaxMachine,
  gpt_oss: createGptOssReasoningMachine,
};

const REASONING_ALIASES: Readonly<Record<string, string>> = {
  minimax_m2: 'minimax',
  minimax_append_think: 'minimax',
  glm4_moe: 'glm45',
  qwen3_coder: 'qwen3',
};

export class UnknownParserError extends Error {
  constructor(
    readonly kind: 'tool-call' | 'reasoning',
    readonly parserName: string,
  ) {
    super(`Unknown ${kind === 'tool-call' ? 'tool' : 'reasoning'} parser: ${parserName}`);
    this.name = 'UnknownParserError';
  }
}

function canonicalName(name: string, known: Readonly<Record<string, unknown>>, aliases: Readonly<Record<string, string>>): string | undefined {
  const key = name.trim().toLowerCase().replace(/-/g, '_');
  if (Object.hasOwn(known, key)) return key;
  return Object.hasOwn(aliases, key) ? aliases[key] : undefined;
}

/** A tool-call parser by name (canonical or alias); throws UnknownParserError for other names. */
export function createToolCallParser(name: string, options: ToolCallParserOptions = {}): ToolCallParser {
  const canonical = canonicalName(name, TOOL_CALL_PARSERS, TOOL_CALL_ALIASES);
  const factory = canonical === undefined ? undefined : TOOL_CALL_PARSERS[canonical];
  if (canonical === undefined || factory === undefined) throw new UnknownParserError('tool-call', name);
  const createStream = (): ParserStream<ToolCallStreamEvent> => {
    const emitter = new ToolCallEmitter(options);
    return createMachineStream(factory(emitter), emitter);
  };
  return {
    name: canonical,
    createStream,
    parse(text: string) {
      const stream = createStream();
      return collectToolCallResult([...stream.push(text), ...stream.finish()]);
    },
  };
}

/** A reasoning parser by name (canonical or alias); throws UnknownParserError for other names. */
export function createReasoningParser(name: string, options: ReasoningParserOptions = {}): ReasoningParser {
  const canonical = canonicalName(name, REASONING_PARSERS, REASONING_ALIASES);
  const factory = canonical === undefined ? undefined : REASONING_PARSERS[canonical];
  if (canonical === undefined || factory === undefined) throw new UnknownParserError('reasoning', name);
  const createStream = (): ParserStream<ReasoningStreamEvent> => {
    const emitter = new ReasoningEmitter();
    return createMachineStream(factory(emitter, options), emitter);
  };
  return {
    name: canonical,
    createStream,
    parse(text: string) {
      const stream = createStream();
      return collectReasoningResult([...stream.push(text), ...stream.finish()]);
    },
  };
}

export interface ParserList {
  readonly toolCall: readonly string[];
  readonly reasoning: readonly string[];
  /** Alias → canonical name, for both kinds. */
  readonly aliases: { readonly toolCall: Readonly<Record<string, string>>; readonly reasoning: Readonly<Record<string, string>> };
}

export function listParsers(): ParserList {
  return {
    toolCall: Object.keys(TOOL_CALL_PARSERS),
    reasoning: Object.keys(REASONING_PARSERS),
    aliases: { toolCall: { ...TOOL_CALL_ALIASES }, reasoning: { ...REASONING_ALIASES } },
  };
}

/** Whether a name (canonical or alias) resolves to a parser of that kind. */
export function hasParser(kind: 'tool-call' | 'reasoning', name: string): boolean {
  return kind === 'tool-call'
    ? canonicalName(name, TOOL_CALL_PARSERS, TOOL_CALL_ALIASES) !== undefined
    : canonicalName(name, REASONING_PARSERS, REASONING_ALIASES) !== undefined;
}
