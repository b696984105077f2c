// Import cycles are errors that name the chain; a diamond (two paths to one file) is not a cycle;
// a file is one file however its path is spelled.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkSpec } from "../../src/check/check.js";
import { makeImportLoader, readSpecFile } from "../../src/cli/read-spec.js";
import { readText } from "./support.js";

const dir = mkdtempSync(path.join(tmpdir(), "mmc-imports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid spec whose image tower ends in `proj(64)`, with `imports` at the top. */
function spec(imports: string[]): string {
  const base = readText("test/golden/err_import_cycle_three_files/input.mm").replace('import "blocks.mm"\n', "");
  return imports.map((i) => `import "${i}"\n`).join("") + base;
}

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

function check(file: string) {
  return checkSpec(readSpecFile(file), { loadImport: makeImportLoader(dir) });
}

describe("import cycles", () => {
  it("accept a diamond: two files importing one shared file", () => {
    write({
      "diamond.mm": spec(["left.mm", "right.mm"]),
      "left.mm": 'import "base.mm"\nblock proj(width) {\n  base(width)\n}\n',
      "right.mm": 'import "base.mm"\nblock unused(width) {\n  base(width)\n}\n',
      "base.mm": "block base(width) {\n  dense(width)\n}\n",
    });
    expect(check(path.join(dir, "diamond.mm")).diagnostics.map((d) => d.message)).toEqual([]);
  });

  it("report a file that imports itself", () => {
    write({ "self.mm": 'import "self.mm"\nblock proj(width) {\n  dense(width)\n}\n', "uses-self.mm": spec(["self.mm"]) });
    const ds = check(path.join(dir, "uses-self.mm")).diagnostics;
    expect(ds.map((d) => [d.code, d.message])).toEqual([["MM2018", "import cycle: self.mm -> self.mm"]]);
    expect(ds[0]!.secondary).toEqual([]);
  });

  it("find the cycle however the spec's own path is spelled", () => {
    write({ "main.mm": spec(["./sub/../back.mm"]), "back.mm": 'import "main.mm"\nblock proj(width) {\n  dense(width)\n}\n' });
    const relative = path.relative(process.cwd(), path.join(dir, "main.mm"));
    for (const file of [path.join(dir, "main.mm"), relative]) {
      const ds = check(file).diagnostics;
      expect(ds.map((d) => d.code)).toEqual(["MM2018"]);
      expect(ds[0]!.secondary.map((l) => l.message)).toEqual(["imports `back.mm`"]);
    }
  });
});
