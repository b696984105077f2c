// The blocks a spec's imports declare, for completion: each imported file is parsed once and
// remembered by its path (the standard library does not change while an editor runs).
import { parseSpec } from "../ast/parse.js";
import type { SpecFile } from "../ast/nodes.js";
import { SourceFile } from "../source/source.js";
import type { Analysis } from "./analysis.js";

export type ImportedBlock = Analysis["blocks"][number];

export class ImportedBlocks {
  private cache = new Map<string, ImportedBlock[]>();

  /** `read` gives an imported file's text, or undefined when it cannot be read. */
  constructor(private readonly read: (importPath: string) => string | undefined) {}

  of(ast: SpecFile): ImportedBlock[] {
    const out: ImportedBlock[] = [];
    for (const item of ast.items) {
      if (item.kind !== "import") continue;
      const from = item.path.value;
      let blocks = this.cache.get(from);
      if (!blocks) {
        const text = this.read(from);
        if (text === undefined) continue;
        blocks = [];
        for (const b of parseSpec(new SourceFile(from, text)).ast.items) {
          if (b.kind === "block") blocks.push({ name: b.name.text, start: -1, end: -1, params: b.params.map((p) => p.name.text), from });
        }
        this.cache.set(from, blocks);
      }
      out.push(...blocks);
    }
    return out;
  }
}
