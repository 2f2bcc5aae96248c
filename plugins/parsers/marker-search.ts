/**
 * Finding special markers in streamed text. A marker may arrive split across deltas, so besides
 * "where is the first marker" the parsers need "how much of the tail could still become one": that
 * tail, and only that, is held back.
 */

export interface MarkerHit {
  /** Index of the marker in the markers list. */
  readonly which: number;
  readonly at: number;
  readonly end: number;
}

/** The earliest occurrence of any marker in text[from, to); ties go to the longer marker. */
export function findEarliestMarker(text: string, from: number, to: number, markers: readonly string[]): MarkerHit | undefined {
  let best: MarkerHit | undefined;
  for (let which = 0; which < markers.length; which += 1) {
    const marker = markers[which];
    if (marker === undefined || marker === '') continue;
    const at = text.indexOf(marker, from);
    if (at < 0 || at + marker.length > to) continue;
    if (best === undefined || at < best.at || (at === best.at && marker.length > best.end - best.at)) {
      best = { which, at, end: at + marker.length };
    }
  }
  return best;
}

/**
 * Where the longest suffix of text[from, to) that is a proper prefix of some marker begins; `to`
 * when no suffix could grow into a marker.
 */
export function partialMarkerStart(text: string, from: number, to: number, markers: readonly string[]): number {
  let longest = 0;
  for (const marker of markers) longest = Math.max(longest, marker.length - 1);
  const maxLength = Math.min(longest, to - from);
  for (let length = maxLength; length > 0; length -= 1) {
    const start = to - length;
    for (const marker of markers) {
      if (marker.length > length && text.startsWith(marker.slice(0, length), start)) return start;
    }
  }
  return to;
}

/** Whether text[from, to) is a proper prefix of the marker (it could still become the marker). */
export function couldBecome(text: string, from: number, to: number, marker: string): boolean {
  const length = to - from;
  return length < marker.length && marker.startsWith(text.slice(from, to));
}

export interface RegionScan {
  /** Where the plain text before the next marker (or before a tail held back) ends. */
  readonly end: number;
  readonly hit: MarkerHit | undefined;
}

interface Sighting {
  readonly from: number;
  /** First occurrence at or after `from`, or -1 when there is none in the whole input. */
  readonly at: number;
}

/**
 * Region scans for one machine. It remembers, per marker, where the marker next occurs in the
 * current input, so a machine that looks for a marker that is far away (or absent) many times —
 * 100 000 `<tool_call>` openers and no closer — searches the input once, not once per opener.
 */
export class MarkerScanner {
  #input: string | undefined;
  readonly #sightings = new Map<string, Sighting>();

  /** The next occurrence of `marker` at or after `from`, or -1. */
  indexOf(input: string, marker: string, from: number): number {
    if (input !== this.#input) {
      this.#input = input;
      this.#sightings.clear();
    }
    const seen = this.#sightings.get(marker);
    if (seen !== undefined && from >= seen.from && (seen.at < 0 || seen.at >= from)) return seen.at;
    const at = input.indexOf(marker, from);
    this.#sightings.set(marker, { from, at });
    return at;
  }

  /**
   * Scans input from `from` for the earliest of `markers` (ties go to the longer one). Without a
   * hit the region runs to the end of the input, less a tail that could still become a marker
   * (nothing is held back when final).
   */
  region(input: string, from: number, markers: readonly string[], final: boolean): RegionScan {
    let hit: MarkerHit | undefined;
    for (let which = 0; which < markers.length; which += 1) {
      const marker = markers[which];
      if (marker === undefined || marker === '') continue;
      const at = this.indexOf(input, marker, from);
      if (at < 0) continue;
      if (hit === undefined || at < hit.at || (at === hit.at && marker.length > hit.end - hit.at)) hit = { which, at, end: at + marker.length };
    }
    if (hit !== undefined) return { end: hit.at, hit };
    return { end: final ? input.length : partialMarkerStart(input, from, input.length, markers), hit: undefined };
  }
}
