import type { ChatMessage } from './parse-chat-messages.js';

/**
 * Chat framing for the built-in encodings, which ship no chat template. OpenAI does not publish
 * the exact framing its chat models use, so these are estimates that count close to what the API
 * bills, not the real prompt:
 *
 *   chatml_fallback (cl100k_base, o200k_base, p50k/r50k):
 *     <|im_start|>{role}\n{content}<|im_end|>\n   per message, then <|im_start|>assistant\n
 *   harmony_fallback (o200k_harmony, gpt-oss):
 *     <|start|>{role}<|message|>{content}<|end|>  per message, then <|start|>assistant
 *
 * Tools, when given, go first as a system message holding their JSON. The markers are single
 * special tokens where the encoding defines them and plain text where it does not (p50k, r50k).
 */
export function renderChatmlFallback(messages: readonly ChatMessage[], addGenerationPrompt: boolean, tools: readonly unknown[] | undefined): string {
  let text = tools === undefined || tools.length === 0 ? '' : `<|im_start|>system\n# Tools\n${JSON.stringify(tools)}<|im_end|>\n`;
  for (const message of messages) text += `<|im_start|>${message.role}\n${message.content ?? ''}<|im_end|>\n`;
  if (addGenerationPrompt) text += '<|im_start|>assistant\n';
  return text;
}

export function renderHarmonyFallback(messages: readonly ChatMessage[], addGenerationPrompt: boolean, tools: readonly unknown[] | undefined): string {
  let text = tools === undefined || tools.length === 0 ? '' : `<|start|>system<|message|># Tools\n${JSON.stringify(tools)}<|end|>`;
  for (const message of messages) text += `<|start|>${message.role}<|message|>${message.content ?? ''}<|end|>`;
  if (addGenerationPrompt) text += '<|start|>assistant';
  return text;
}
