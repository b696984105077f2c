// The checker in a web worker: the same checkSpec the CLI runs, with the browser's data
// catalogue (shapes and noise are described exactly as `mmc check` does; kinds that read
// files are checked without data, like `mmc check --no-data`), and the formatter.
import { checkSpec } from "../../src/check/check.js";
import { parseSpec } from "../../src/ast/parse.js";
import { printSpec } from "../../src/ast/print.js";
import { SourceFile } from "../../src/source/source.js";
import { describeData, isDataKind } from "../../src/runtime/data/browser.js";
import { analyze } from "../../src/language-service/analysis.js";
import { ImportedBlocks } from "../../src/language-service/imported-blocks.js";
import { BROWSER_DATA_KINDS } from "./budget.js";
import type { CheckReply, CheckRequest } from "./protocol.js";
import { DescribeCache } from "../../src/language-service/describe-cache.js";

export const SPEC_PATH = "playground.mm";

/** The standard library, bundled: `import "std/x.mm"` reads the same files `mmc check` does. */
const STD: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob("../../std/*.mm", { query: "?raw", import: "default", eager: true }) as Record<string, string>).map(([p, text]) => [
    "std/" + p.replace(/^.*\//, ""),
    text,
  ]),
);

function loadImport(spec: string): SourceFile | string {
  if (spec.startsWith("std/")) {
    const text = STD[spec];
    return text !== undefined ? new SourceFile(spec, text) : `no such file ${spec} (the standard library has ${Object.keys(STD).sort().join(", ")})`;
  }
  return `the playground cannot read your files: only the standard library (std/...) can be imported here`;
}

const post = (m: CheckReply) => (self as unknown as Worker).postMessage(m);

/** Which data kind the spec names, read cheaply from its `data` line. */
function dataKind(text: string): string | undefined {
  return /^\s*data\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(text)?.[1];
}

/** Blocks of the std files this spec imports, for completion. */
const importedBlocks = new ImportedBlocks((from) => (STD[from] !== undefined ? new SourceFile(from, STD[from]!) : undefined));

const describeCached = new DescribeCache(describeData).lookup;

self.onmessage = (e: MessageEvent<CheckRequest>) => {
  const m = e.data;
  if (m.type === "check") {
    try {
      const t0 = performance.now();
      const file = new SourceFile(SPEC_PATH, m.text);
      const kind = dataKind(m.text);
      // emoji and files(...) read files: checked as `mmc check --no-data` does; the page says why.
      const withData = !(kind && isDataKind(kind) && !BROWSER_DATA_KINDS.includes(kind));
      const result = checkSpec(file, { loadImport, ...(withData ? { describeData: describeCached } : {}) });
      const analysis = analyze(result, SPEC_PATH, m.version, performance.now() - t0);
      analysis.blocks.push(...importedBlocks.of(result.ast).map(({ file: _file, ...b }) => b)); // the file stays in the worker
      post({ type: "checked", analysis, startedAt: performance.timeOrigin + t0, endedAt: performance.timeOrigin + performance.now() });
    } catch (err) {
      post({ type: "crashed", version: m.version, message: String((err as Error).stack ?? err) });
    }
  } else if (m.type === "format") {
    try {
      const parsed = parseSpec(new SourceFile(SPEC_PATH, m.text));
      if (parsed.diagnostics.length) post({ type: "formatted", id: m.id, text: null, error: "fix the syntax errors first" });
      else post({ type: "formatted", id: m.id, text: printSpec(parsed.ast, m.text) });
    } catch (err) {
      post({ type: "formatted", id: m.id, text: null, error: String(err) });
    }
  }
};
