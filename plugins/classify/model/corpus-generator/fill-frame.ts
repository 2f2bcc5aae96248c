import type { SeededRandom } from '../seeded-random.js';

/**
 * Replaces every `{slot}` in a frame with a random entry of that slot's list. `{topic2}` is kept
 * different from `{topic}` so "compare X with X" never comes out.
 */
export function fillFrame(frame: string, slots: Readonly<Record<string, readonly string[]>>, random: SeededRandom): string {
  const chosen = new Map<string, string>();
  return frame.replace(/\{([a-z0-9_]+)\}/g, (_whole, name: string) => {
    const base = name.replace(/2$/, '');
    const list = slots[base];
    if (list === undefined || list.length === 0) throw new Error(`frame "${frame}" uses unknown slot {${name}}`);
    let value = random.pick(list);
    const sibling = chosen.get(name === base ? `${base}2` : base);
    for (let tries = 0; value === sibling && list.length > 1 && tries < 8; tries++) value = random.pick(list);
    chosen.set(name, value);
    return value;
  });
}
