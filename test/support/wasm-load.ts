export interface LoadProgress {
  /** Requests completed so far, by all clients. */
  readonly completed: () => number;
  /** Resolves once `count` more requests have completed (or the load stopped). */
  readonly completions: (count: number) => Promise<void>;
}

/**
 * `clients` loops each sending `request` (given the client's index and its request count) until
 * `during` settles — then they finish the request they are in and stop. Progress is an event, so
 * a test waits for work done, never for time passed. Resolves with the number of requests completed.
 */
export async function withLoad(clients: number, request: (client: number, n: number) => Promise<void>, during: (load: LoadProgress) => Promise<void>): Promise<number> {
  let completed = 0;
  let stop = false;
  const waiters: { target: number; resolve: () => void }[] = [];
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) {
      if (completed >= waiter.target || stop) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let n = 0; !stop; n++) {
      await request(client, n);
      completed += 1;
      wake();
    }
  });
  try {
    await during({
      completed: () => completed,
      completions: (count) => new Promise<void>((resolve) => {
        waiters.push({ target: completed + count, resolve });
        wake();
      }),
    });
  } finally {
    stop = true;
    wake();
    await Promise.all(loops);
  }
  return completed;
}
