import { describe, expect, it } from "vitest";
import { buildVocab, encode, maxCaptionWords, tokenize, vocabFromWords } from "../../src/runtime/data/tokenizer.js";

describe("tokenizer", () => {
  it("lowercases and splits on anything but letters and digits", () => {
    expect(tokenize("Waving hand: light-skin tone, 2x!")).toEqual(["waving", "hand", "light", "skin", "tone", "2x"]);
    expect(tokenize("Japanese “bargain” button")).toEqual(["japanese", "bargain", "button"]);
    expect(tokenize("Café  Ünïcode")).toEqual(["café", "ünïcode"]);
    expect(tokenize("  ...  ")).toEqual([]);
  });

  it("builds <pad>, <unk>, then the training words alphabetically", () => {
    const vocab = buildVocab(["a red circle", "A blue square", "red"]);
    expect(vocab.words).toEqual(["<pad>", "<unk>", "a", "blue", "circle", "red", "square"]);
    expect(vocab.index.get("red")).toBe(5);
    expect(buildVocab(["red", "A blue square", "a red circle"]).words).toEqual(vocab.words);
  });

  it("pads, truncates and maps unknown words to <unk>", () => {
    const vocab = vocabFromWords(["a", "red", "circle"]);
    const tokens = encode(["a red circle", "a green circle and more words"], vocab, 4);
    expect([...tokens]).toEqual([2, 3, 4, 0, 2, 1, 4, 1]);
    expect(encode([], vocab, 4).length).toBe(0);
  });

  it("measures the longest caption in words", () => {
    expect(maxCaptionWords(["a b", "a b c d", ""])).toBe(4);
  });
});
