import { Counter, Gauge, type Registry } from 'prom-client';

interface MetricConfig<N extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly N[];
  readonly registers: Registry[];
}

interface Cell<N extends string> {
  readonly labels: Record<N, string>;
  value: number;
  /** prom-client has the series (a counter's added 0 shows as 0, as inc(0) would). */
  reported: boolean;
}

/**
 * Per-request figures kept in cells found by a Map lookup per label, handed to prom-client when it reads
 * the metric (it runs `collect` before every scrape and every get()). prom-client's own inc() and
 * set() build a label string and use it as an object key: about 3k instructions a call under
 * callgrind, several calls a request.
 */
class Cells<N extends string> {
  readonly #names: readonly N[];
  /** One level per label, keyed by its value: no key string is built per request. */
  readonly #root = new CellNode<N>();
  readonly #all: Cell<N>[] = [];

  constructor(names: readonly N[]) {
    this.#names = names;
  }

  /** The cell for the label values, in labelNames order. */
  cell(values: readonly string[]): Cell<N> {
    let node = this.#root;
    for (const value of values) {
      let next = node.children.get(value);
      if (next === undefined) {
        next = new CellNode<N>();
        node.children.set(value, next);
      }
      node = next;
    }
    if (node.cell === undefined) {
      const labels = {} as Record<N, string>;
      this.#names.forEach((name, i) => (labels[name] = values[i] ?? ''));
      node.cell = { labels, value: 0, reported: false };
      this.#all.push(node.cell);
    }
    return node.cell;
  }

  all(): readonly Cell<N>[] {
    return this.#all;
  }
}

class CellNode<N extends string> {
  readonly children = new Map<string, CellNode<N>>();
  cell: Cell<N> | undefined;
}

/** A counter requests add to; the sums move to prom-client when it is read. */
export class ScrapeTimeCounter<N extends string> {
  readonly #cells: Cells<N>;
  readonly metric: Counter<N>;

  constructor(config: MetricConfig<N>) {
    const cells = new Cells(config.labelNames);
    this.#cells = cells;
    this.metric = new Counter<N>({
      ...config,
      labelNames: [...config.labelNames],
      collect() {
        for (const cell of cells.all()) {
          if (cell.value === 0 && cell.reported) continue;
          this.inc(cell.labels, cell.value);
          cell.value = 0;
          cell.reported = true;
        }
      },
    });
  }

  /** Adds `amount` (default 1) under the label values, in labelNames order. */
  add(values: readonly string[], amount = 1): void {
    this.#cells.cell(values).value += amount;
  }
}

/** A gauge requests move up and down; prom-client reads its current values when scraped. */
export class ScrapeTimeGauge<N extends string> {
  readonly #cells: Cells<N>;
  readonly metric: Gauge<N>;

  constructor(config: MetricConfig<N>) {
    const cells = new Cells(config.labelNames);
    this.#cells = cells;
    this.metric = new Gauge<N>({
      ...config,
      labelNames: [...config.labelNames],
      collect() {
        for (const cell of cells.all()) this.set(cell.labels, cell.value);
      },
    });
  }

  add(values: readonly string[], amount: number): void {
    this.#cells.cell(values).value += amount;
  }
}
