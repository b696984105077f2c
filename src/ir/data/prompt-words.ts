// Which words of zero-shot prompts the vocabulary lacks. Prompts are tokenised with the
// training captions' vocabulary, so an unknown word becomes <unk>: a class whose name has no
// known word gets the same prompts as every other such class, and zero-shot cannot tell
// them apart. The checker warns with this (MM4016) and the run notes it in its summary.
import { tokenize } from "./tokenize.js";

export interface PromptWordGaps {
  /** Words of the class names the vocabulary lacks, in first-seen order. */
  classWords: string[];
  /** Class names none of whose words the vocabulary holds: their prompts are all alike. */
  unseenClasses: string[];
  /** Words of the templates (the class slot left out) the vocabulary lacks. */
  templateWords: string[];
}

function unknownWords(texts: readonly string[], known: (word: string) => boolean): string[] {
  return [...new Set(texts.flatMap(tokenize))].filter((word) => !known(word));
}

export function promptWordGaps(classes: readonly string[], templates: readonly string[], known: (word: string) => boolean, slot = "{}"): PromptWordGaps {
  return {
    classWords: unknownWords(classes, known),
    unseenClasses: classes.filter((name) => !tokenize(name).some(known)),
    templateWords: unknownWords(templates.map((template) => template.split(slot).join(" ")), known),
  };
}

/** `"a", "b", ... (n in all)`: the first few of a long list, quoted. */
export function quotedFew(items: readonly string[], few = 8): string {
  const shown = items.slice(0, few).map((item) => `"${item}"`).join(", ");
  return items.length > few ? `${shown}, ... (${items.length} in all)` : shown;
}
