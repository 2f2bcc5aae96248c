/**
 * The prompt guard's rule list: phrases matched case-insensitively with whitespace folded, as
 * plain substrings. No regular expressions: an operator's list cannot make a prompt backtrack.
 */
export interface PhraseRules {
  /** The first rule the text contains (as configured), or undefined. */
  match(text: string): string | undefined;
}

export function createPhraseRules(phrases: readonly string[]): PhraseRules {
  const rules = phrases.map((phrase) => ({ phrase, folded: fold(phrase) })).filter((r) => r.folded !== '');
  return {
    match(text) {
      if (rules.length === 0) return undefined;
      const folded = fold(text);
      return rules.find((r) => folded.includes(r.folded))?.phrase;
    },
  };
}

function fold(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
