/**
 * A radix tree of recent prompts for one worker: how long a prefix of a new prompt this worker has
 * probably cached. Each node counts the prompts passing through it, so the oldest prompt can be
 * removed when the tree holds more than its character budget.
 */
interface Node {
  readonly children: Map<string, Edge>;
}

interface Edge {
  label: string;
  count: number;
  readonly node: Node;
}

export class PrefixTree {
  readonly #root: Node = { children: new Map() };
  readonly #order: string[] = [];
  #chars = 0;

  constructor(private readonly maxChars: number) {}

  get chars(): number {
    return this.#chars;
  }

  /** Length of the longest prefix of `text` that some remembered prompt shares. */
  longestMatch(text: string): number {
    let node = this.#root;
    let matched = 0;
    while (matched < text.length) {
      const edge = node.children.get(text[matched]!);
      if (edge === undefined) break;
      const common = commonPrefix(edge.label, text, matched);
      matched += common;
      if (common < edge.label.length) break;
      node = edge.node;
    }
    return matched;
  }

  insert(text: string): void {
    if (text.length === 0) return;
    let node = this.#root;
    let at = 0;
    while (at < text.length) {
      const first = text[at]!;
      const edge = node.children.get(first);
      if (edge === undefined) {
        node.children.set(first, { label: text.slice(at), count: 1, node: { children: new Map() } });
        break;
      }
      const common = commonPrefix(edge.label, text, at);
      if (common < edge.label.length) {
        // Split the edge where the new prompt diverges.
        const lower: Edge = { label: edge.label.slice(common), count: edge.count, node: edge.node };
        const middle: Node = { children: new Map([[lower.label[0]!, lower]]) };
        node.children.set(first, { label: edge.label.slice(0, common), count: edge.count + 1, node: middle });
        node = middle;
      } else {
        edge.count += 1;
        node = edge.node;
      }
      at += common;
    }
    this.#order.push(text);
    this.#chars += text.length;
    while (this.#chars > this.maxChars && this.#order.length > 1) this.#remove(this.#order.shift()!);
  }

  #remove(text: string): void {
    this.#chars -= text.length;
    let node = this.#root;
    let at = 0;
    while (at < text.length) {
      const key = text[at]!;
      const edge = node.children.get(key);
      if (edge === undefined) return;
      edge.count -= 1;
      if (edge.count === 0) {
        node.children.delete(key);
        return;
      }
      at += edge.label.length;
      node = edge.node;
    }
  }
}

function commonPrefix(label: string, text: string, offset: number): number {
  let i = 0;
  while (i < label.length && offset + i < text.length && label[i] === text[offset + i]) i++;
  return i;
}
