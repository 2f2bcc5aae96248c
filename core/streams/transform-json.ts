import { GatewayError } from '../errors/gateway-error.js';
import { hasArguments } from './openai-parts.js';
import { partsOfChatResponse } from './openai-response-parts.js';
import { isStop } from './response-transform.js';
import type { TransformChain } from './transform-chain.js';

/**
 * A whole chat or text completion through the response transforms: each choice's text (and each
 * tool call's arguments) is one call followed by its flush, so a stage's logic is the same as for
 * a stream. A stop becomes the answer's error.
 */
export async function transformJsonResponse(json: unknown, chain: TransformChain): Promise<unknown> {
  const response = partsOfChatResponse(json);
  for (const part of response.parts) {
    if (part.kind === 'text' || part.kind === 'reasoning') {
      const kind = part.kind;
      const out = await chain.text(part.choice, part.text, kind);
      if (isStop(out)) throw out.stop;
      const rest = await chain.flush(part.choice, kind, 'finish');
      if (isStop(rest)) throw rest.stop;
      const next = out + rest;
      if (next !== part.text) {
        response.rewriteText(part, next);
        response.clearLogprobs(part.choice);
      }
    } else if (hasArguments(part) && chain.readsToolArguments) {
      const out = await chain.toolArguments(part.choice, part.index, part.argumentsDelta);
      if (isStop(out)) throw out.stop;
      const rest = await chain.flushToolArguments(part.choice, part.index, 'finish');
      if (isStop(rest)) throw rest.stop;
      const next = out + rest;
      if (next !== part.argumentsDelta) {
        response.rewriteArguments(part, next);
        response.clearLogprobs(part.choice);
      }
    }
    chain.observe(part);
  }
  for (const slot of chain.openSlots()) {
    const rest = await chain.flushSlot(slot, 'finish');
    if (isStop(rest)) throw rest.stop;
    if (rest !== '') throw new GatewayError('GW_ERR_INTERNAL', 'A response transform released text for a choice with no text.');
  }
  return response.toJson();
}
