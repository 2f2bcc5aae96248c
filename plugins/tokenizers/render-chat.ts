import { Template } from '@huggingface/jinja';
import { renderChatmlFallback, renderHarmonyFallback } from './builtin-chat-formats.js';
import type { ChatMessage } from './parse-chat-messages.js';
import type { ChatFormat, LoadedTokenizer } from './tokenizer-contract.js';
import { ChatTemplateError } from './tokenizer-errors.js';

export interface RenderChatOptions {
  readonly addGenerationPrompt: boolean;
  readonly tools?: readonly unknown[] | undefined;
  /** Extra template variables (vLLM/SGLang's chat_template_kwargs, e.g. enable_thinking). */
  readonly templateKwargs?: Readonly<Record<string, unknown>> | undefined;
}

export interface RenderedChat {
  readonly text: string;
  readonly format: ChatFormat;
}

/** Parsed templates, keyed by their text: parsing a long template costs more than rendering it. */
const parsedTemplates = new Map<string, Template>();
const MAX_PARSED_TEMPLATES = 64;

/**
 * Renders messages into the prompt text the model would see: the tokenizer's Jinja template
 * (`tool_use` when tools are given and the tokenizer has one), else the built-in fallback.
 */
export function renderChat(tokenizer: LoadedTokenizer, messages: readonly ChatMessage[], options: RenderChatOptions): RenderedChat {
  const hasTools = options.tools !== undefined && options.tools.length > 0;
  const source = (hasTools ? tokenizer.chatTemplates.named.get('tool_use') : undefined) ?? tokenizer.chatTemplates.default;
  if (source === undefined) {
    if (tokenizer.fallbackChatFormat === 'harmony_fallback') {
      return { text: renderHarmonyFallback(messages, options.addGenerationPrompt, options.tools), format: 'harmony_fallback' };
    }
    if (tokenizer.fallbackChatFormat === 'chatml_fallback') {
      return { text: renderChatmlFallback(messages, options.addGenerationPrompt, options.tools), format: 'chatml_fallback' };
    }
    throw new ChatTemplateError('this tokenizer has no chat_template; register it again with chat_template_path naming a Jinja file');
  }

  const { bos, eos, pad, unk } = tokenizer.specialTokens;
  // Like transformers: absent optional inputs are None (templates test `tools is not none`).
  const context: Record<string, unknown> = {
    ...options.templateKwargs,
    messages,
    tools: hasTools ? options.tools : null,
    documents: null,
    add_generation_prompt: options.addGenerationPrompt,
    bos_token: bos ?? '',
    eos_token: eos ?? '',
    pad_token: pad ?? '',
    unk_token: unk ?? '',
  };
  try {
    return { text: parseTemplate(source).render(context), format: 'chat_template' };
  } catch (err) {
    throw new ChatTemplateError(`the chat template failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseTemplate(source: string): Template {
  let template = parsedTemplates.get(source);
  if (template === undefined) {
    template = new Template(source);
    if (parsedTemplates.size >= MAX_PARSED_TEMPLATES) {
      const oldest = parsedTemplates.keys().next();
      if (oldest.done !== true) parsedTemplates.delete(oldest.value);
    }
    parsedTemplates.set(source, template);
  }
  return template;
}
