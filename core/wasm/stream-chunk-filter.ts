import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export type ChunkVerdict = { readonly kind: 'keep' } | { readonly kind: 'replace'; readonly delta: string } | { readonly kind: 'stop'; readonly reason: string };

/**
 * OnStreamChunk: each OpenAI SSE event that carries text (a chat delta or a completion's text) is
 * shown to `judge`, one at a time and in order; the event is kept, its text replaced, or the
 * stream stopped with an in-band error event (never a clean end). Other events pass untouched.
 */
export function filterStreamChunks(source: Readable, judge: (delta: string, index: number) => Promise<ChunkVerdict>): Readable {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let index = 0;
  let stopped = false;

  const judgeEvent = async (block: string): Promise<string> => {
    const dataLine = block.split(/\r?\n/).find((line) => line.startsWith('data:'));
    const data = dataLine?.slice(5).trim();
    if (data === undefined || data === '[DONE]' || !data.startsWith('{')) return `${block}\n\n`;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return `${block}\n\n`;
    }
    const choice = (event['choices'] as Record<string, unknown>[] | undefined)?.[0];
    const delta = choice?.['delta'] as Record<string, unknown> | undefined;
    const text = typeof delta?.['content'] === 'string' ? delta['content'] : typeof choice?.['text'] === 'string' ? choice['text'] : undefined;
    if (choice === undefined || text === undefined || text === '') return `${block}\n\n`;
    const verdict = await judge(text, index++);
    if (verdict.kind === 'keep') return `${block}\n\n`;
    if (verdict.kind === 'stop') {
      stopped = true;
      const error = { error: { message: verdict.reason, type: 'invalid_request_error', code: 'GW_ERR_WASM_POLICY_REJECTED', param: null } };
      return `data: ${JSON.stringify(error)}\n\n`;
    }
    if (delta !== undefined && typeof delta['content'] === 'string') delta['content'] = verdict.delta;
    else choice['text'] = verdict.delta;
    return `data: ${JSON.stringify(event)}\n\n`;
  };

  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (stopped) return callback();
      pending += decoder.write(chunk);
      void (async () => {
        let out = '';
        let boundary = pending.search(/\r?\n\r?\n/);
        while (boundary !== -1 && !stopped) {
          const block = pending.slice(0, boundary);
          pending = pending.slice(boundary + (pending[boundary] === '\r' ? 4 : 2));
          out += await judgeEvent(block);
          boundary = pending.search(/\r?\n\r?\n/);
        }
        if (stopped) source.destroy();
        callback(null, out === '' ? undefined : out);
      })().catch((err: unknown) => callback(err as Error));
    },
    flush(callback: TransformCallback) {
      callback(null, stopped || pending.trim() === '' ? undefined : `${pending}\n\n`);
    },
  });
  source.on('error', (err: Error) => transform.destroy(err));
  return source.pipe(transform);
}
