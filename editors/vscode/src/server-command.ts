// How the extension starts the language server: the `mmc.path` setting (a command, possibly
// with arguments, such as the default `npx mmc`) followed by `lsp --stdio`. Words split on
// spaces as a shell would, so a quoted path with spaces ("C:\Program Files\...") stays one word.
export interface ServerCommand {
  command: string;
  args: string[];
}

export const DEFAULT_MMC_PATH = "npx mmc";

/** Splits on runs of whitespace outside '…' or "…" quotes; the quotes themselves are dropped. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= "";
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

export function serverCommand(mmcPath: string | undefined): ServerCommand {
  const words = shellWords(mmcPath ?? "");
  const [command, ...rest] = words.length ? words : shellWords(DEFAULT_MMC_PATH);
  return { command: command!, args: [...rest, "lsp", "--stdio"] };
}
