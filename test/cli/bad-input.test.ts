// `mmc check`, `mmc fmt` and `mmc run` on input that is not a good spec: each answers with
// one clear error line (or the rendered diagnostics of a spec with mistakes), exit code 1
// (2 for usage: a missing argument, an unknown flag, a path that is not a file), and never
// a stack trace.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasStackTrace, lines, ROOT, runAll, type CliResult } from "./cli.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-cli-"));
const tiny = readFileSync(path.join(ROOT, "test/fixtures/tiny.mm"), "utf8");

/** Every kind of unreadable file, keyed by name. */
const files = {
  empty: "empty.mm",
  binary: "binary.mm",
  huge: "huge.mm",
  missing: "missing.mm",
  directory: "folder.mm",
  latin1: "latin1.mm",
} as const;
type Bad = keyof typeof files;

/** What the one line says for each. */
const why: Record<Exclude<Bad, "empty">, RegExp> = {
  binary: /`binary\.mm` is a binary file/,
  huge: /`huge\.mm` is 10\.\d MiB; a spec may be at most 1 MiB/,
  missing: /cannot read `missing\.mm`: no such file/,
  directory: /`folder\.mm` is a directory/,
  latin1: /`latin1\.mm` is not valid UTF-8/,
};
const usage = new Set<Bad>(["missing", "directory"]);

function writeInputs(): void {
  writeFileSync(path.join(dir, files.empty), "");
  // A PNG header and zeros: what a mistyped file name most often finds.
  writeFileSync(path.join(dir, files.binary), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]));
  writeFileSync(path.join(dir, files.huge), tiny.repeat(Math.ceil((10 << 20) / tiny.length)));
  mkdirSync(path.join(dir, files.directory));
  // "café" in Latin-1: no NUL bytes, but 0xE9 alone is not UTF-8.
  writeFileSync(path.join(dir, files.latin1), Buffer.concat([Buffer.from("model caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
  // Two independent mistakes: a shape error (dense on a 4-D tensor) and a misspelt encoder.
  writeFileSync(path.join(dir, "mistakes.mm"), tiny.replace("  mean(over: [H, W])\n", "").replace("loss infonce(image_enc, text_enc)", "loss infonce(image_enc, text_encc)"));
  // A syntax error on line 6: the missing `:`.
  writeFileSync(path.join(dir, "syntax.mm"), tiny.replace("input image: Image[B, 32, 32, 3]", "input image Image[B, 32, 32, 3]"));
  writeFileSync(path.join(dir, "clean.mm"), tiny);
  writeFileSync(path.join(dir, "unformatted.mm"), tiny.replace("model tiny", "model   tiny").replace("dense(32)", "dense( 32 )"));
  mkdirSync(path.join(dir, "taken"));
  // Run folders that lost or broke a file.
  mkdirSync(path.join(dir, "broken-run", "model"), { recursive: true });
  writeFileSync(path.join(dir, "broken-run", "model", "model.json"), "{}");
  writeFileSync(path.join(dir, "broken-run", "settings.json"), '{"spec": "clean.mm",\n');
  mkdirSync(path.join(dir, "half-run", "checkpoint"), { recursive: true });
  writeFileSync(path.join(dir, "half-run", "checkpoint", "checkpoint.json"), "{}");
  // Plain SGD at an absurd rate: the loss is infinite at the first step.
  writeFileSync(path.join(dir, "diverges.mm"), tiny.replace(/data shapes\([^)]*\)/, "data shapes(train: 64, test: 32, seed: 3)").replace("adam(lr: 3e-3)", "sgd(lr: 1e30)"));
}

let r: Record<string, CliResult>;

beforeAll(async () => {
  writeInputs();
  const calls: Record<string, { args: string[]; cwd?: string }> = {};
  for (const [key, file] of Object.entries(files)) {
    calls[`check ${key}`] = { args: ["check", file], cwd: dir };
    calls[`fmt ${key}`] = { args: ["fmt", file], cwd: dir };
  }
  Object.assign(calls, {
    "check mistakes": { args: ["check", "mistakes.mm"], cwd: dir },
    "check mistakes json": { args: ["check", "--format", "json", "mistakes.mm"], cwd: dir },
    "check missing json": { args: ["check", "--format", "json", "missing.mm"], cwd: dir },
    "check clean": { args: ["check", "clean.mm"], cwd: dir },
    "check clean json": { args: ["check", "--format", "json", "clean.mm"], cwd: dir },
    "check syntax": { args: ["check", "syntax.mm"], cwd: dir },
    "fmt syntax": { args: ["fmt", "syntax.mm"], cwd: dir },
    "fmt --check unformatted": { args: ["fmt", "--check", "unformatted.mm"], cwd: dir },
    "fmt --check clean": { args: ["fmt", "--check", "clean.mm"], cwd: dir },
    "check no argument": { args: ["check"], cwd: dir },
    "check unknown flag": { args: ["check", "--frobnicate", "clean.mm"], cwd: dir },
    "check bad format": { args: ["check", "--format", "yaml", "clean.mm"], cwd: dir },
    "run missing": { args: ["run", "missing.mm"], cwd: dir },
    "run no argument": { args: ["run"], cwd: dir },
    "run out exists": { args: ["run", "clean.mm", "--out", "taken", "--backend", "cpu"], cwd: dir },
    "run diverges": { args: ["run", "diverges.mm", "--out", "runs/diverges", "--backend", "wasm", "--threads", "1"], cwd: dir },
    "run resume not a run": { args: ["run", "--resume", "folder.mm"], cwd: dir },
    "eval damaged settings": { args: ["eval", "broken-run"], cwd: dir },
    "resume without settings": { args: ["run", "--resume", "half-run"], cwd: dir },
    "eval not a run": { args: ["eval", "folder.mm"], cwd: dir },
  });
  r = await runAll(calls);
});

describe("unreadable spec files", () => {
  for (const command of ["check", "fmt"] as const) {
    for (const key of Object.keys(why) as Exclude<Bad, "empty">[]) {
      it(`mmc ${command} on a ${key} file: one line, exit ${usage.has(key) ? 2 : 1}`, () => {
        const res = r[`${command} ${key}`]!;
        expect(lines(res.stderr), res.stderr).toHaveLength(1);
        expect(res.stderr).toMatch(new RegExp(`^mmc: error: .*${why[key].source}`));
        expect(res.stdout).toBe("");
        expect(res.code).toBe(usage.has(key) ? 2 : 1);
        expect(hasStackTrace(res)).toBe(false);
      });
    }
  }

  it("mmc check on an empty file: exactly one diagnostic, exit 1", () => {
    const res = r["check empty"]!;
    expect(res.stderr.match(/^error\[/gm)).toEqual(["error["]);
    expect(res.stderr).toMatch(/error\[MM1004\]: the spec is empty\n\s*--> empty\.mm:1:1/);
    expect(res.stderr).toMatch(/help: start with `model name`/);
    expect(res.stdout).toBe("");
    expect(res.code).toBe(1);
    expect(hasStackTrace(res)).toBe(false);
  });

  it("mmc fmt on an empty file: one line, exit 1 (there is nothing to format)", () => {
    const res = r["fmt empty"]!;
    expect(lines(res.stderr), res.stderr).toEqual(["mmc: error: `empty.mm` is empty: nothing to format (a spec starts with `model name`)"]);
    expect(res.stdout).toBe("");
    expect(res.code).toBe(1);
  });
});

describe("a spec with mistakes", () => {
  it("mmc check renders every mistake with its line and a fix, and exits 1", () => {
    const res = r["check mistakes"]!;
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/error\[MM3004\]: `dense` needs \[B, features\] but gets \[B, H:8, W:8, C:32\]\n\s*--> mistakes\.mm:12:3/);
    expect(res.stderr).toMatch(/error\[MM\d+\]: [^\n]*`text_encc`[^\n]*\n\s*--> mistakes\.mm:21:\d+/);
    expect(res.stderr).toMatch(/did you mean `text_enc`\?/);
    expect(res.stderr).toMatch(/^mistakes\.mm: 2 errors$/m);
    expect(res.stdout).toBe("");
    expect(hasStackTrace(res)).toBe(false);
  });

  it("mmc check reports a syntax error once, at its line and column", () => {
    const res = r["check syntax"]!;
    expect(res.code).toBe(1);
    expect(res.stderr.match(/^error\[/gm)).toHaveLength(1);
    expect(res.stderr).toMatch(/error\[MM1001\]: expected `:`, found `Image`\n\s*--> syntax\.mm:6:13/);
    expect(hasStackTrace(res)).toBe(false);
  });

  it("mmc check --format json prints JSON a tool can read, and exits 1", () => {
    const res = r["check mistakes json"]!;
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { file: string; ok: boolean; diagnostics: { code: string; severity: string }[] };
    expect(out.ok).toBe(false);
    expect(out.file).toBe("mistakes.mm");
    expect(out.diagnostics).toHaveLength(2);
    expect(out.diagnostics.map((d) => d.code)).toContain("MM3004");
    expect(out.diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("mmc check --format json answers in JSON even when the file cannot be read", () => {
    const res = r["check missing json"]!;
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stdout)).toMatchObject({ file: "missing.mm", ok: false, error: "cannot read `missing.mm`: no such file", diagnostics: [] });
    expect(lines(res.stderr)).toHaveLength(1);
  });

  it("mmc fmt shows the syntax errors, leaves the file alone and exits 1", () => {
    const res = r["fmt syntax"]!;
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/error\[MM1001\][^\n]*\n\s*--> syntax\.mm:6:13/);
    expect(res.stderr).toMatch(/^syntax\.mm: not formatted: fix the syntax errors first$/m);
    expect(hasStackTrace(res)).toBe(false);
  });
});

describe("clean and formatted specs", () => {
  it("mmc check on a clean spec exits 0 with the summary and nothing on stderr", () => {
    const res = r["check clean"]!;
    expect(res.code).toBe(0);
    expect(res.stderr).toBe("");
    expect(res.stdout).toMatch(/model tiny: [\d,]+ parameters/);
  });

  it("mmc check --format json on a clean spec says ok", () => {
    const res = r["check clean json"]!;
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, diagnostics: [] });
  });

  it("mmc fmt --check fails on an unformatted file and passes on a formatted one", () => {
    const bad = r["fmt --check unformatted"]!;
    expect(bad.code).toBe(1);
    expect(lines(bad.stderr)).toEqual(["unformatted.mm: not formatted (run `mmc fmt --write unformatted.mm`)"]);
    expect(readFileSync(path.join(dir, "unformatted.mm"), "utf8")).toContain("model   tiny");
    const good = r["fmt --check clean"]!;
    expect(good.code).toBe(0);
    expect(good.stderr + good.stdout).toBe("");
  });
});

describe("usage errors exit 2 with one line", () => {
  const cases: [string, RegExp][] = [
    ["check no argument", /missing required argument 'spec'/],
    ["check unknown flag", /unknown option '--frobnicate'/],
    ["check bad format", /argument 'yaml' is invalid/],
    ["run no argument", /give a spec to run/],
    ["run missing", /cannot read `missing\.mm`: no such file/],
    ["run out exists", /the run folder `taken` already exists; choose another with --out/],
    ["run resume not a run", /`folder\.mm` is not a run folder with a checkpoint/],
    ["eval not a run", /`folder\.mm` is not a run folder/],
  ];
  for (const [key, message] of cases) {
    it(`mmc ${key}`, () => {
      const res = r[key]!;
      expect(res.code).toBe(2);
      expect(lines(res.stderr), res.stderr).toHaveLength(1);
      expect(res.stderr).toMatch(message);
      expect(hasStackTrace(res)).toBe(false);
    });
  }

  it("a damaged run folder: one line naming the file, exit 1", () => {
    const damaged = r["eval damaged settings"]!;
    expect(damaged.code).toBe(1);
    expect(lines(damaged.stderr)).toHaveLength(1);
    expect(damaged.stderr).toMatch(/^mmc: error: broken-run\/settings\.json is damaged: /);
    const half = r["resume without settings"]!;
    expect(half.code).toBe(1);
    expect(lines(half.stderr)).toEqual(["mmc: error: `half-run` is not a complete run folder: cannot read half-run/settings.json: no such file"]);
    expect(hasStackTrace(damaged) || hasStackTrace(half)).toBe(false);
  });

  it("a run whose loss diverges says what to change, exits 1 and writes nothing", () => {
    const res = r["run diverges"]!;
    expect(res.code).toBe(1);
    expect(lines(res.stderr).filter((l) => !l.startsWith("mmc: ") || l.startsWith("mmc: error"))).toEqual([
      "mmc: error: the loss became NaN or infinite at step 1; no run folder was written. Lower the learning rate, or add `clip: 1.0` to the train block",
    ]);
    expect(hasStackTrace(res)).toBe(false);
  });

  it("a refused run leaves no run folder behind", () => {
    expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);
    // The diverging run got as far as creating --out's parent; nothing is left inside it.
    expect(readdirSync(path.join(dir, "runs"))).toEqual([]);
    expect(readdirSync(path.join(dir, "taken"))).toEqual([]);
  });
});
