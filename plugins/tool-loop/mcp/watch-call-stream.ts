import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { SseFramer } from '../../../core/streams/sse-framer.js';

export interface CallWatcher {
  readonly onlog: (message: LoggingMessageNotification['params']) => void;
}

/** A server message larger than this is not looked at here (the SDK still gets it whole). */
const MAX_WATCHED_EVENT_BYTES = 1024 * 1024;

/**
 * The answer to one call's POST, its bytes unchanged for the SDK, with its SSE events looked at
 * on the way for `notifications/message`: a server sends the log lines of a tool call on that
 * call's stream, the only place they can be told apart from another caller's. Each chunk is
 * looked at before the SDK reads it, so a log line is passed on before the call's result is.
 * JSON answers carry no notifications and pass untouched; a malformed or oversized event ends
 * the looking, never the stream.
 */
export function watchCallStream(answer: Response, watcher: CallWatcher): Response {
  if (answer.body === null || answer.headers.get('content-type')?.startsWith('text/event-stream') !== true) return answer;
  let watching = true;
  const framer = new SseFramer({
    maxEventBytes: MAX_WATCHED_EVENT_BYTES,
    onFrame(frame) {
      if (frame.kind !== 'event' || !frame.data.includes('notifications/message')) return;
      let message: unknown;
      try {
        message = JSON.parse(frame.data);
      } catch {
        return;
      }
      const log = LoggingMessageNotificationSchema.safeParse(message);
      if (log.success) watcher.onlog(log.data.params);
    },
  });
  const look = (chunk: Uint8Array): void => {
    if (!watching) return;
    try {
      framer.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      watching = false;
    }
  };
  const body = answer.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        look(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}
