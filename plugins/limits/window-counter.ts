/** A fixed one-window counter per key (requests or tokens per minute). */
export interface WindowState {
  readonly allowed: boolean;
  /** Units counted in the current window, this request's included when allowed. */
  readonly used: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
}

export interface WindowCounter {
  /** Counts `cost` only if it fits under `limit`; exact under concurrency. */
  consume(key: string, limit: number, cost: number, windowMs: number): Promise<WindowState>;
  /** Counts usage after the fact (tokens), never refusing. */
  add(key: string, amount: number, windowMs: number): Promise<void>;
  /** The current window without changing it. */
  peek(key: string, windowMs: number): Promise<{ used: number; resetMs: number }>;
  /** Every key's current window (for stats; bounded by the keys in use). */
  snapshot(): Promise<readonly WindowEntry[]>;
  close(): Promise<void>;
}

export interface WindowEntry {
  readonly key: string;
  readonly used: number;
  readonly resetMs: number;
}
