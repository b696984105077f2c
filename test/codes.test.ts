// One code space: every code string anywhere in mmc's source is in codes.ts, `mmc explain`
// knows every code, and every code is shown by a golden (or, where only a run can reach it,
// asserted by the named test).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CODES, CODES } from "../src/diagnostics/codes.js";
import { EXPLANATIONS, formatExplanation } from "../src/diagnostics/explanations.js";
import { runExplain } from "../src/cli/explain-command.js";
import { checkSpec } from "../src/check/check.js";
import { SourceFile } from "../src/source/source.js";
import { GOLDEN_DIR, ROOT } from "./language/support.js";
import { SHOWN_ELSEWHERE } from "./shown-elsewhere.js";

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full, ext));
    else if (ext.test(name)) out.push(full);
  }
  return out;
}


describe("diagnostic codes", () => {
  const sources = [...files(path.join(ROOT, "src"), /\.ts$/), ...files(path.join(ROOT, "playground", "src"), /\.ts$/)];

  it("every code string in src/ and playground/src is in codes.ts", () => {
    const unknown: string[] = [];
    for (const f of sources) {
      for (const m of readFileSync(f, "utf8").matchAll(/\bMM\d{4}\b/g)) if (!(m[0] in CODES)) unknown.push(`${path.relative(ROOT, f)}: ${m[0]}`);
    }
    expect(unknown).toEqual([]);
  });

  it("`mmc explain` knows every code, with a wrong and a right example", () => {
    for (const code of ALL_CODES) {
      const e = EXPLANATIONS[code];
      expect(e.summary.length, code).toBeGreaterThan(20);
      expect(e.wrong, code).not.toBe(e.right);
      let out = "";
      expect(runExplain(code.toLowerCase(), (s) => (out += s))).toBe(0);
      expect(out).toBe(formatExplanation(code));
      expect(out).toContain(`${code}: ${CODES[code]}`);
      expect(out).toMatch(/Wrong:[\s\S]+Right:/);
    }
  });

  it("`mmc explain` on an unknown code says so and suggests the nearest", () => {
    expect(() => runExplain("MM3050")).toThrow(/no diagnostic code `MM3050`/);
    try {
      runExplain("MM3050");
    } catch (e) {
      expect((e as { help: string }).help).toBe("did you mean `MM3005`?");
    }
  });

  it("a data error without a code of its own is reported as MM4007 at the data line", () => {
    const spec = readFileSync(path.join(ROOT, "specs", "simple.mm"), "utf8");
    const r = checkSpec(new SourceFile("simple.mm", spec), {
      describeData: () => {
        throw Object.assign(new Error("the disk is on fire"), { name: "DataError" });
      },
    });
    const d = r.diagnostics.find((x) => x.code === "MM4007");
    expect(d?.message).toBe("the data cannot be read: the disk is on fire");
    expect(spec.slice(d!.primary.span.start, d!.primary.span.end)).toMatch(/^data /);
  });

  it("every code is shown by a golden, or asserted where only a run reaches it", () => {
    const goldens = files(GOLDEN_DIR, /\.txt$/).map((f) => readFileSync(f, "utf8")).join("\n");
    const missing: string[] = [];
    for (const code of ALL_CODES) {
      if (goldens.includes(`[${code}]`)) continue;
      const other = SHOWN_ELSEWHERE[code];
      if (!other) missing.push(code);
      else if (other.test && !readFileSync(path.join(ROOT, other.test), "utf8").includes(`"${code}"`)) missing.push(`${code} (not in ${other.test})`);
    }
    expect(missing).toEqual([]);
  });
});
