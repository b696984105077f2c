// The blocks a spec's imports declare, for completion: each imported file is parsed once and
// remembered by its path (the standard library does not change while an editor runs).
import { parseSpec } from "../ast/parse.js";
import type { SpecFile } from "../ast/nodes.js";
import { SourceFile } from "../source/source.js";
import type { Analysis } from "./analysis.js";

export type ImportedBlock = Analysis["blocks"][number] & {
  /** The file it is declared in (as read) and its name's span there, for go to definition. */
  file?: SourceFile;
  nameStart?: number;
  nameEnd?: number;
};

export class ImportedBlocks {
  private cache = new Map<string, ImportedBlock[]>();

  /** `read` gives an imported file, or undefined when it cannot be read. */
  constructor(private readonly read: (importPath: string) => SourceFile | undefined) {}

  /** Forget the files read (one changed on disk). */
  clear(): void {
    this.cache.clear();
  }

  of(ast: SpecFile): ImportedBlock[] {
    const out: ImportedBlock[] = [];
    for (const item of ast.items) {
      if (item.kind !== "import") continue;
      const from = item.path.value;
      let blocks = this.cache.get(from);
      if (!blocks) {
        const file = this.read(from);
        if (file === undefined) continue;
        blocks = [];
        for (const b of parseSpec(file).ast.items) {
          if (b.kind === "block") blocks.push({ name: b.name.text, start: b.span.start, end: b.span.end, nameStart: b.name.span.start, nameEnd: b.name.span.end, params: b.params.map((p) => p.name.text), from, file });
        }
        this.cache.set(from, blocks);
      }
      out.push(...blocks);
    }
    return out;
  }
}
