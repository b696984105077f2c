// Checks one open document the way `mmc check` checks a file (imports from disk or from other
// open documents, data described), keeping what repeats between keystrokes: the data
// description (by the `data` line) and the blocks of imported files. A keystroke then costs
// one parse and check of the edited file.
import path from "node:path";
import { checkSpec, type CheckResult } from "../check/check.js";
import { makeImportLoader } from "../cli/read-spec.js";
import { describeData } from "../runtime/data/index.js";
import { SourceFile } from "../source/source.js";
import { analyze, type Analysis } from "../language-service/analysis.js";
import { DescribeCache } from "../language-service/describe-cache.js";
import { ImportedBlocks, type ImportedBlock } from "../language-service/imported-blocks.js";
import { specSymbols, type SpecSymbols } from "../language-service/symbols.js";
import { pretrainedProgram } from "../runtime/run/pretrained.js";
import { describeTfjsModel } from "../runtime/tfjs-model/describe.js";

export interface CheckedSpec {
  version: number;
  text: string;
  file: SourceFile;
  result: CheckResult;
  analysis: Analysis;
  symbols: SpecSymbols;
  /** The blocks its imports declare, with the files they are in. */
  imported: ImportedBlock[];
  loadImport: (spec: string, from: SourceFile) => SourceFile | string;
}

export class SpecChecker {
  private readonly describe = new DescribeCache(describeData);
  private readonly importedBlocks = new Map<string, ImportedBlocks>();

  /**
   * `openText`: the editor's text of a file that is open (by absolute path), which wins over
   * the disk; `roots`: the workspace folders, which imports may not leave.
   */
  constructor(private readonly openText: (absPath: string) => string | undefined, private readonly roots: () => string[]) {}

  check(filePath: string, text: string, version: number): CheckedSpec {
    const t0 = performance.now();
    const file = new SourceFile(filePath, text, path.resolve(filePath));
    const loadImport = this.loader(filePath);
    const result = checkSpec(file, {
      loadImport,
      baseDir: path.dirname(filePath),
      loadPretrained: pretrainedProgram,
      loadTfjsModel: describeTfjsModel,
      describeData: this.describe.lookup,
    });
    const analysis = analyze(result, filePath, version, performance.now() - t0);
    let blocks = this.importedBlocks.get(filePath);
    if (!blocks) {
      blocks = new ImportedBlocks((p) => {
        const f = loadImport(p, file);
        return typeof f === "string" ? undefined : f;
      });
      this.importedBlocks.set(filePath, blocks);
    }
    const imported = blocks.of(result.ast);
    analysis.blocks.push(...imported);
    return { version, text, file, result, analysis, symbols: specSymbols(result.ast), imported, loadImport };
  }

  /** Files changed on disk (a save, a manifest): describe data and read imports afresh. */
  forget(): void {
    this.describe.clear();
    for (const b of this.importedBlocks.values()) b.clear();
  }

  private loader(filePath: string): (spec: string, from: SourceFile) => SourceFile | string {
    const abs = path.resolve(filePath);
    const root = this.roots().find((r) => abs.startsWith(r + path.sep)) ?? path.dirname(abs);
    const fromDisk = makeImportLoader(root);
    return (spec, from) => {
      const f = fromDisk(spec, from);
      if (typeof f === "string") return f;
      const open = this.openText(path.resolve(f.path));
      return open === undefined ? f : new SourceFile(f.path, open, f.id);
    };
  }
}
