/** One model's running totals since the gateway started (what /statsz reports). */
interface ModelTotals {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** By currency: a model has one price, but a reload may change its currency. */
  readonly cost: Map<string, number>;
  /** Responses whose usage the gateway counted itself (no usage reported), and what they cost. */
  estimatedResponses: number;
  readonly estimatedCost: Map<string, number>;
  latencyMsSum: number;
  latencyMsMax: number;
}

export interface ModelStatsReport {
  readonly requests: number;
  readonly errors: number;
  readonly tokens: { readonly prompt: number; readonly completion: number; readonly cached_prompt: number };
  readonly cost: Readonly<Record<string, number>>;
  /** Of the above, what the gateway counted with the model's tokenizer: a stream reported no usage. */
  readonly estimated: { readonly responses: number; readonly cost: Readonly<Record<string, number>> };
  readonly latency_ms: { readonly mean: number; readonly max: number };
}

/**
 * Per-model request totals for /statsz, kept beside /metrics. Keys are model labels the catalog
 * already bounded (configured ids, "other"), so the table cannot grow with client input; recording
 * allocates nothing once a model has its row.
 */
export class ModelStats {
  readonly #rows = new Map<string, ModelTotals>();

  record(model: string, failed: boolean, latencyMs: number): void {
    const row = this.#row(model);
    row.requests++;
    if (failed) row.errors++;
    row.latencyMsSum += latencyMs;
    if (latencyMs > row.latencyMsMax) row.latencyMsMax = latencyMs;
  }

  /** A response's usage, under the model that answered (as switchyard_tokens_total counts it). */
  addUsage(model: string, promptTokens: number, completionTokens: number, cachedTokens: number, cost: number | undefined, currency: string, estimated: boolean): void {
    const row = this.#row(model);
    row.promptTokens += promptTokens;
    row.completionTokens += completionTokens;
    row.cachedTokens += cachedTokens;
    if (cost !== undefined) row.cost.set(currency, (row.cost.get(currency) ?? 0) + cost);
    if (!estimated) return;
    row.estimatedResponses++;
    if (cost !== undefined) row.estimatedCost.set(currency, (row.estimatedCost.get(currency) ?? 0) + cost);
  }

  #row(model: string): ModelTotals {
    let row = this.#rows.get(model);
    if (row === undefined) {
      row = { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cost: new Map(), estimatedResponses: 0, estimatedCost: new Map(), latencyMsSum: 0, latencyMsMax: 0 };
      this.#rows.set(model, row);
    }
    return row;
  }

  report(): Record<string, ModelStatsReport> {
    const out: Record<string, ModelStatsReport> = {};
    for (const [model, row] of [...this.#rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out[model] = {
        requests: row.requests,
        errors: row.errors,
        tokens: { prompt: row.promptTokens, completion: row.completionTokens, cached_prompt: row.cachedTokens },
        cost: Object.fromEntries(row.cost),
        estimated: { responses: row.estimatedResponses, cost: Object.fromEntries(row.estimatedCost) },
        latency_ms: { mean: round(row.requests === 0 ? 0 : row.latencyMsSum / row.requests), max: round(row.latencyMsMax) },
      };
    }
    return out;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
