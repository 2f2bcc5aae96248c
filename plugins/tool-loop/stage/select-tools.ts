import { isJsonObject } from '../../../core/streams/is-json-object.js';
import { recordsOf } from '../../../core/util/narrow-json.js';
import type { ToolCatalogue } from './mcp-tool-catalogue.js';

/** Words that say nothing about which tool a prompt needs. */
const STOP_WORDS = new Set(['the', 'is', 'an', 'to', 'for', 'in', 'of', 'and', 'or', 'on', 'at', 'it', 'me', 'my', 'be', 'by', 'with', 'what', 'how', 'please', 'can', 'you', 'this', 'that', 'from']);

/** Words of a text or an identifier (`get_weather`, `getWeather` → get, weather), lower-cased. */
function wordsOf(text: string): Set<string> {
  const spaced = text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return new Set(spaced.split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !STOP_WORDS.has(w)));
}

/** A word in the tool's name says more than one in its description. */
const NAME_WEIGHT = 2;

/** The text of the last user message (string content or its text parts). */
export function lastUserText(messages: unknown): string {
  const user = recordsOf(messages).filter((m) => m['role'] === 'user').at(-1);
  const content = user?.['content'];
  if (typeof content === 'string') return content;
  return recordsOf(content)
    .map((part) => (typeof part['text'] === 'string' ? part['text'] : ''))
    .join(' ');
}

/**
 * Keeps the `k` MCP functions most relevant to the prompt (seed 004's tool selection), so a model
 * is not handed hundreds of tools: each is scored by the prompt's words found in its name and
 * description, weighted by how rare the word is among the tools (a word every tool has says
 * nothing) and doubled when the word is in its name. Ties keep registration order. The client's own tools are always kept.
 */
export function selectTools(catalogue: ToolCatalogue, prompt: string, k: number): ToolCatalogue {
  if (catalogue.functions.size <= k) return catalogue;
  const query = wordsOf(prompt);
  const entries = [...catalogue.functions].map(([name, fn]) => ({ name, nameWords: wordsOf(fn.tool.name), words: wordsOf(`${fn.tool.name} ${fn.tool.description ?? ''}`) }));
  const documentFrequency = new Map<string, number>();
  for (const entry of entries) for (const word of entry.words) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const scored = entries.map((entry, order) => {
    let score = 0;
    for (const word of query) {
      if (entry.words.has(word)) score += Math.log(1 + entries.length / (documentFrequency.get(word) ?? 1)) * (entry.nameWords.has(word) ? NAME_WEIGHT : 1);
    }
    return { ...entry, score, order };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const kept = new Set(scored.slice(0, k).map((e) => e.name));
  const functions = new Map([...catalogue.functions].filter(([name]) => kept.has(name)));
  const tools = catalogue.tools.filter((tool) => {
    if (!isJsonObject(tool) || !isJsonObject(tool['function'])) return true;
    const name = tool['function']['name'];
    return typeof name !== 'string' || !catalogue.functions.has(name) || kept.has(name);
  });
  return { tools, functions };
}
