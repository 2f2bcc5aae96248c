import type { ResponseTransform } from '../../../core/streams/response-transform.js';
import type { CachedAnswer } from './answer-cache.js';

/** Watches the answer as it goes to the client (after the transforms of the stages inside the cache). */
export interface AnswerRecorder {
  readonly transform: ResponseTransform;
  /** The whole answer, or undefined when it cannot be replayed (tool calls, several choices, an error, cut short, too long). */
  finished(model: string): CachedAnswer | undefined;
}

export function createAnswerRecorder(maxChars: number): AnswerRecorder {
  let content = '';
  let finishReason: string | undefined;
  let cacheable = true;
  return {
    transform: {
      text(choice, text, kind) {
        if (choice !== 0) cacheable = false;
        else if (kind === 'text') {
          content += text;
          if (content.length > maxChars) cacheable = false;
        }
        return text;
      },
      flush(_choice, _kind, reason) {
        if (reason !== 'finish') cacheable = false;
        return '';
      },
      observe(part) {
        if (part.kind === 'tool-call' || part.kind === 'error') cacheable = false;
        else if (part.kind === 'finish') {
          if (part.choice !== 0) cacheable = false;
          finishReason = part.reason;
        }
      },
    },
    finished(model) {
      // Only a natural end is replayed: "length" or "content_filter" answers are not what a new asker wants.
      if (!cacheable || finishReason !== 'stop' || content === '') return undefined;
      return { model, content, finishReason };
    },
  };
}
