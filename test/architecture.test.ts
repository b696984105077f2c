// The house reads as the pipeline: source -> ast -> check -> ir -> lower -> runtime. The
// checker, the IR and the lowerings import nothing from the runtime (so the playground and
// a second compiler target can use them without loaders, Node or tfjs training code), the IR
// nothing from the checker or a lowering, and the checker nothing from a lowering.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./language/support.js";

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (name.endsWith(".ts")) out.push(full);
  }
  return out;
}

/** Every relative import of `file`, resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(path.join(ROOT, "src"), path.resolve(path.dirname(file), s)));
}

const RULES: [string, string[]][] = [
  ["check", ["runtime", "lower", "cli", "backends", "kernels"]],
  ["ir", ["runtime", "check", "lower", "cli", "backends", "kernels"]],
  ["lower", ["runtime", "check", "cli"]],
  ["common", ["runtime", "check", "ir", "lower", "cli"]],
  // Neutral ground that the checker and the runtime both use (diagnostics, did-you-mean).
  ["diagnostics", ["runtime", "check", "ir", "lower", "cli", "backends", "kernels"]],
];

describe("layering", () => {
  for (const [layer, forbidden] of RULES) {
    it(`src/${layer} imports nothing from ${forbidden.map((f) => `src/${f}`).join(", ")}`, () => {
      const files = tsFiles(path.join(ROOT, "src", layer));
      expect(files.length).toBeGreaterThan(0);
      const bad: string[] = [];
      for (const f of files) {
        for (const target of importsOf(f)) {
          if (forbidden.some((top) => target === top || target.startsWith(top + path.sep))) bad.push(`${path.relative(ROOT, f)} imports src/${target}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
