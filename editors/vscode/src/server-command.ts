// How the extension starts the language server: the `mmc.path` setting (a command, possibly
// with arguments, such as the default `npx mmc`) followed by `lsp --stdio`.
export interface ServerCommand {
  command: string;
  args: string[];
}

export const DEFAULT_MMC_PATH = "npx mmc";

export function serverCommand(mmcPath: string | undefined): ServerCommand {
  const words = (mmcPath?.trim() || DEFAULT_MMC_PATH).split(/\s+/);
  return { command: words[0]!, args: [...words.slice(1), "lsp", "--stdio"] };
}
