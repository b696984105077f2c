// A seeded mutation fuzzer for the checker, shared by test/language/fuzz.test.ts (a few
// thousand cases in `npm test`) and scripts/fuzz.ts (as many as you like). Each mutant runs
// through checkSpec; whatever happens, no exception may escape, every diagnostic span lies
// inside its file, rendering never throws, and a spec without errors has an IR.
import { checkSpec, type CheckOptions } from "../../src/check/check.js";
import { renderSummary } from "../../src/check/summary.js";
import { LAYERS } from "../../src/check/layers/index.js";
import { diagnosticToJson, renderAll } from "../../src/diagnostics/render.js";
import { KEYWORD_WORDS } from "../../grammar/tokens.js";
import { DataError, type DataInfo } from "../../src/runtime/data/types.js";
import { SourceFile } from "../../src/source/source.js";
import { Rng } from "../../src/common/random.js";
import { deepNesting, hugeLine, longTower, nonAscii, NESTINGS } from "./long-inputs.js";


const TOKEN = /\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|->|\s+|[^]/g;
const NUMBERS = ["0", "-1", "1", "2", "3", "0.5", "1e308", "1e400", "99999999999", "4294967297", "1e-320", "007", "65536", "-0"];
const CHARS = ["{", "}", "[", "]", "(", ")", ":", ",", "+", "-", "*", "/", '"', "#", "@", "\\", ";", ".", "'", "\u0000", "\u00e9", "\u{1F600}", "\r", "\n", "\t", "->", "//", "\ufeff"];
const WORDS = [
  ...KEYWORD_WORDS, ...LAYERS.keys(),
  "toString", "constructor", "__proto__", "hasOwnProperty", "valueOf",
  "B", "H", "W", "C", "L", "D", "P", "Image", "Tokens", "Labels", "vocab", "classes",
  "concat", "add", "gated", "cross_attention", "infonce", "siglip", "triplet", "cross_entropy",
  "adam", "adamw", "sgd", "cosine", "step", "constant", "retrieval", "accuracy", "groups", "random",
  "shapes", "noise", "emoji", "files", "image", "text", "image_enc", "text_enc", "joint", "label",
  "heads", "kernel", "stride", "padding", "valid", "same", "over", "to", "dim", "size", "epochs", "steps", "batch",
];

export type Mutation = (text: string, rng: Rng, corpus: readonly string[]) => string;

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Indices of tokens that are not whitespace. */
function solid(toks: string[]): number[] {
  return toks.flatMap((t, i) => (/^\s+$/.test(t) ? [] : [i]));
}

export const MUTATIONS: Record<string, Mutation> = {
  deleteToken(text, rng) {
    const t = tokens(text);
    const s = solid(t);
    if (s.length) t.splice(rng.pick(s), 1);
    return t.join("");
  },
  duplicateToken(text, rng) {
    const t = tokens(text);
    const s = solid(t);
    if (s.length) {
      const i = rng.pick(s);
      t.splice(i, 0, t[i]!);
    }
    return t.join("");
  },
  swapTokens(text, rng) {
    const t = tokens(text);
    const s = solid(t);
    if (s.length > 1) {
      const a = rng.pick(s);
      const b = rng.next() < 0.5 ? s[Math.min(s.length - 1, s.indexOf(a) + 1)]! : rng.pick(s);
      [t[a], t[b]] = [t[b]!, t[a]!];
    }
    return t.join("");
  },
  insertChars(text, rng) {
    const at = rng.int(text.length + 1);
    let ins = "";
    for (let n = 1 + rng.int(3); n > 0; n--) ins += rng.next() < 0.8 ? rng.pick(CHARS) : String.fromCharCode(rng.int(0x3000));
    return text.slice(0, at) + ins + text.slice(at);
  },
  insertWord(text, rng) {
    const t = tokens(text);
    const at = rng.int(t.length + 1);
    t.splice(at, 0, (rng.next() < 0.5 ? " " : "") + rng.pick(WORDS) + (rng.next() < 0.5 ? " " : ""));
    return t.join("");
  },
  truncate(text, rng) {
    return text.slice(0, rng.int(text.length + 1));
  },
  changeNumber(text, rng) {
    const t = tokens(text);
    const nums = t.flatMap((x, i) => (/^\d/.test(x) ? [i] : []));
    if (nums.length) t[rng.pick(nums)] = rng.pick(NUMBERS);
    return t.join("");
  },
  renameName(text, rng) {
    const t = tokens(text);
    const names = t.flatMap((x, i) => (/^[A-Za-z_]/.test(x) ? [i] : []));
    if (names.length) {
      const i = rng.pick(names);
      t[i] = rng.next() < 0.3 ? t[i]!.slice(0, -1) || "x" : rng.next() < 0.5 ? rng.pick(WORDS) : t[rng.pick(names)]!;
    }
    return t.join("");
  },
  swapLines(text, rng) {
    const lines = text.split("\n");
    const a = rng.int(lines.length);
    const b = rng.int(lines.length);
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join("\n");
  },
  duplicateLine(text, rng) {
    const lines = text.split("\n");
    const a = rng.int(lines.length);
    lines.splice(rng.int(lines.length + 1), 0, lines[a]!);
    return lines.join("\n");
  },
  spliceOtherSpec(text, rng, corpus) {
    const other = rng.pick(corpus).split("\n");
    const lines = text.split("\n");
    const from = rng.int(other.length);
    lines.splice(rng.int(lines.length + 1), rng.int(3), ...other.slice(from, from + 1 + rng.int(6)));
    return lines.join("\n");
  },
  deleteLines(text, rng) {
    const lines = text.split("\n");
    lines.splice(rng.int(lines.length), 1 + rng.int(4));
    return lines.join("\n");
  },
};

const MUTATION_LIST = Object.values(MUTATIONS);

/** One to three mutations of a random corpus spec. */
export function mutant(rng: Rng, corpus: readonly string[]): string {
  let text = rng.pick(corpus);
  for (let n = 1 + rng.int(3); n > 0; n--) text = rng.pick(MUTATION_LIST)(text, rng, corpus);
  return text;
}

const BLOCKS = "block mlp(width, ratio: 4) {\n  dense(width * ratio, activation: gelu)\n  dense(width)\n}\n";

/** What the data layer would say, without generating anything (the fuzzer checks the checker). */
function fakeData(req: { kind: string; args: Record<string, unknown> }): DataInfo {
  const n = (k: string, d: number) => (typeof req.args[k] === "number" ? (req.args[k] as number) : d);
  switch (req.kind) {
    case "files":
      throw new DataError("MM5010", `manifest "${String(req.args["train"])}" does not exist`, String(req.args["train"]), undefined, "paths resolve relative to the spec");
    case "emoji":
      return { kind: "emoji", imageSize: [n("size", 32), n("size", 32), 3], vocabSize: 1727, maxCaptionWords: 13, classes: ["a", "b"], trainCount: 3786, testCount: 3786, hasGroups: false };
    case "noise":
      return { kind: "noise", imageSize: [n("size", 32), n("size", 32), 3], vocabSize: n("vocab", 128), maxCaptionWords: 12, classes: Array.from({ length: Math.min(1000, n("classes", 10)) }, (_, i) => `c${i}`), trainCount: n("train", 8000), testCount: n("test", 1000), hasGroups: false };
    default:
      return { kind: "shapes", imageSize: [n("size", 32), n("size", 32), 3], vocabSize: 21, maxCaptionWords: 8, classes: ["circle", "square", "triangle", "cross", "diamond", "ring"], trainCount: n("train", 8000), testCount: n("test", 1000), hasGroups: true };
  }
}

export const FUZZ_OPTIONS: CheckOptions = {
  describeData: fakeData,
  loadImport: (spec) => (spec === "blocks.mm" ? new SourceFile("blocks.mm", BLOCKS) : `no such file ${spec}`),
};

/** Runs one text through the checker; returns what went wrong, or undefined. */
export function checkOne(text: string, opts: CheckOptions = FUZZ_OPTIONS): string | undefined {
  const file = new SourceFile("fuzz.mm", text);
  let result;
  try {
    result = checkSpec(file, opts);
  } catch (e) {
    return `checkSpec threw: ${(e as Error).stack ?? String(e)}`;
  }
  for (const d of result.diagnostics) {
    for (const l of [d.primary, ...d.secondary]) {
      const f = l.file ?? d.file;
      const s = l.span;
      if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= f.text.length)) {
        return `${d.code} has a span [${s.start}, ${s.end}) outside ${f.path} (length ${f.text.length}): ${d.message}`;
      }
    }
    if (!d.message || /undefined|NaN|\[object/.test(d.message)) return `${d.code} has a broken message: ${JSON.stringify(d.message)}`;
  }
  try {
    renderAll(result.diagnostics);
    renderAll(result.diagnostics, { color: true });
    JSON.stringify(result.diagnostics.map(diagnosticToJson));
    if (result.ir) {
      renderSummary(result.ir);
      JSON.stringify(result.ir);
    }
  } catch (e) {
    return `rendering threw: ${(e as Error).stack ?? String(e)}`;
  }
  const errors = result.diagnostics.some((d) => d.severity === "error");
  if (errors && result.ir) return "an IR came back despite errors";
  if (!errors && !result.ir) return "no errors but no IR either (a check failed without saying why)";
  return undefined;
}

/**
 * Where each fuzz input comes from. Most are mutants of the corpus; the rest are the inputs
 * the corpus lacks: long files, deep nesting, huge lines and non-ASCII text. Long inputs
 * are rare and mostly short, so a run stays fast.
 */
export const GENERATORS: Record<string, { weight: number; make: (rng: Rng, corpus: readonly string[]) => string }> = {
  mutant: { weight: 0.86, make: mutant },
  nonAscii: { weight: 0.08, make: (rng, corpus) => nonAscii(rng.next() < 0.5 ? rng.pick(corpus) : mutant(rng, corpus), rng) },
  deepNesting: { weight: 0.04, make: (rng) => deepNesting(logUniform(rng, 1, 2000), rng.pick(NESTINGS)) },
  longFile: { weight: 0.015, make: (rng) => longTower(logUniform(rng, 10, 25_000)) },
  hugeLine: { weight: 0.005, make: (rng) => hugeLine(logUniform(rng, 100, 40_000)) },
};

function logUniform(rng: Rng, low: number, high: number): number {
  return Math.round(Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low))));
}

function pickGenerator(rng: Rng): string {
  let r = rng.next();
  for (const [name, g] of Object.entries(GENERATORS)) {
    r -= g.weight;
    if (r < 0) return name;
  }
  return "mutant";
}

export interface FuzzReport {
  checked: number;
  /** How many inputs each generator made. */
  byGenerator: Record<string, number>;
  failures: { index: number; generator: string; text: string; problem: string }[];
  ms: number;
}

/** `count` mutants from `seed`; stops collecting after `maxFailures`. */
export function fuzz(corpus: readonly string[], count: number, seed: number, maxFailures = 20, onProgress?: (done: number) => void): FuzzReport {
  const rng = new Rng(seed);
  const failures: FuzzReport["failures"] = [];
  const byGenerator: Record<string, number> = Object.fromEntries(Object.keys(GENERATORS).map((g) => [g, 0]));
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const generator = pickGenerator(rng);
    byGenerator[generator]!++;
    const text = GENERATORS[generator]!.make(rng, corpus);
    const problem = checkOne(text);
    if (problem && failures.length < maxFailures) failures.push({ index: i, generator, text, problem });
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1);
  }
  return { checked: count, byGenerator, failures, ms: performance.now() - start };
}
