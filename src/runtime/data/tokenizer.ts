// Word-level tokenizer shared by every data set: lowercase, split on anything that is not
// a letter or a digit. Simple on purpose: captions here are short names and scene phrases.
import type { Vocab } from "./types.js";
import { tokenize } from "../../ir/data/tokenize.js";

export { tokenize };

export const PAD = 0;
export const UNK = 1;
export const PAD_WORD = "<pad>";
export const UNK_WORD = "<unk>";

export function vocabFromWords(words: readonly string[]): Vocab {
  const all = [PAD_WORD, UNK_WORD, ...words];
  return { words: all, index: new Map(all.map((word, i) => [word, i])) };
}

/**
 * Vocabulary of the training captions: 0 = <pad>, 1 = <unk>, then the distinct words in
 * alphabetical order (so it depends on which words occur, not on the order of items).
 */
export function buildVocab(trainCaptions: readonly string[]): Vocab {
  const seen = new Set<string>();
  for (const caption of trainCaptions) for (const word of tokenize(caption)) seen.add(word);
  seen.delete(PAD_WORD);
  seen.delete(UNK_WORD);
  return vocabFromWords([...seen].sort());
}

/** count * seqLen token ids; unknown words map to <unk>, short captions are 0-padded. */
export function encode(captions: readonly string[], vocab: Vocab, seqLen: number): Int32Array {
  const tokens = new Int32Array(captions.length * seqLen);
  captions.forEach((caption, row) => {
    const words = tokenize(caption);
    const n = Math.min(words.length, seqLen);
    for (let i = 0; i < n; i++) tokens[row * seqLen + i] = vocab.index.get(words[i]!) ?? UNK;
  });
  return tokens;
}

export function maxCaptionWords(captions: readonly string[]): number {
  let longest = 0;
  for (const caption of captions) longest = Math.max(longest, tokenize(caption).length);
  return longest;
}
