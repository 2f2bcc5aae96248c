/** What a client with a ready state offers (ioredis does): its status and a one-shot `ready` event. */
export interface BecomesReady {
  readonly status: string;
  once(event: 'ready', listener: () => void): unknown;
  off(event: 'ready', listener: () => void): unknown;
}

/**
 * Resolves when `client` is ready or `ms` have passed, whichever is first; never rejects. A start
 * must not hang on a backend that is down: the caller serves without it and it catches up later.
 */
export function waitUntilReady(client: BecomesReady, ms: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    client.once('ready', done);
  });
}
