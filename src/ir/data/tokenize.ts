// The word split every caption and prompt goes through: lowercase, split on anything that
// is not a letter or a digit. Pure, so the checker (in the browser too) splits class names
// and prompt templates exactly as the runtime's tokenizer will.

const SEPARATOR = /[^\p{L}\p{N}]+/u;

export function tokenize(caption: string): string[] {
  return caption
    .toLowerCase()
    .split(SEPARATOR)
    .filter((word) => word.length > 0);
}
