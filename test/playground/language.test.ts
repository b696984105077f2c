// The playground's pure parts in Node: the Monarch grammar generated from grammar/tokens.ts,
// hover and inlay hints from a check, completion, the browser budget and the share link.
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import * as T from "../../grammar/tokens.js";
import { checkSpec } from "../../src/check/check.js";
import { SourceFile } from "../../src/source/source.js";
import { describeData } from "../../src/runtime/data/browser.js";
import { LAYERS } from "../../src/check/layers/index.js";
import { monarchGrammar } from "../../playground/src/monarch.js";
import { analyze, hoverAt, lineHints, textMap, type Analysis } from "../../src/language-service/analysis.js";
import { completionsAt } from "../../src/language-service/complete.js";
import { BROWSER_BUDGET, MEMORY_LIMIT_BYTES, planRun } from "../../playground/src/budget.js";
import { decodeSpec, encodeSpec } from "../../playground/src/share.js";

const SIMPLE = readFileSync(new URL("../../specs/simple.mm", import.meta.url), "utf8");
const TINY = readFileSync(new URL("./tiny.mm", import.meta.url), "utf8");
const loadStd = (p: string) => new SourceFile(p, readFileSync(new URL(`../../${p}`, import.meta.url), "utf8"));

function check(text: string, version = 1): Analysis {
  const r = checkSpec(new SourceFile("playground.mm", text), { loadImport: loadStd, describeData: (req) => describeData({ ...req, seqLen: 1 }) });
  return analyze(r, "playground.mm", version, 0);
}

/** Completion labels with the cursor at `|` in `text`. */
function complete(text: string, a?: Analysis): string[] {
  const offset = text.indexOf("|");
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  return completionsAt({ text: clean, offset, ...(a ? { latest: a, lastGood: { analysis: a, text: clean } } : {}) }).map((i) => i.label);
}

describe("Monarch grammar", () => {
  const g = monarchGrammar();
  it("takes its keywords and token patterns from grammar/tokens.ts", () => {
    expect(g.keywords).toEqual(T.KEYWORD_WORDS);
    const sources = g.tokenizer.root.map(([re]) => re.source);
    for (const tok of T.ALL_TOKENS) {
      if (!(tok.PATTERN instanceof RegExp) || T.KEYWORDS.includes(tok)) continue;
      expect(sources).toContain(tok.PATTERN.source);
    }
    // No keyword is written as a pattern of its own: they are told apart from identifiers by @keywords.
    for (const w of T.KEYWORD_WORDS) expect(sources).not.toContain(w);
    expect(g.layers).toEqual([...LAYERS.keys()]);
  });

  it("keeps the lexer's order: comments before '/', '->' before '-'", () => {
    const sources = g.tokenizer.root.map(([re]) => re.source);
    expect(sources.indexOf(T.LineComment.PATTERN instanceof RegExp ? T.LineComment.PATTERN.source : "")).toBeLessThan(sources.indexOf("\\/"));
    expect(sources.indexOf("->")).toBeLessThan(sources.indexOf("-"));
  });
});

describe("hover and inlay hints", () => {
  const a = check(SIMPLE);
  it("checks the seed spec as `mmc check` does", () => {
    expect(a.ok).toBe(true);
    expect(a.paramCount).toBe(94_858);
  });

  it("hovers a layer with its output shape, input shape and parameters", () => {
    const at = SIMPLE.indexOf("conv2d(64") + 2;
    const h = hoverAt(a, at)!;
    expect(h.title).toBe("conv2d(64, kernel: 3, activation: relu)");
    expect(h.shape).toBe("[B, H:32, W:32, C:64]");
    expect(h.inShape).toBe("[B, H:32, W:32, C:32]");
    expect(h.params).toBe(18_496);
    const tower = hoverAt(a, SIMPLE.indexOf("text_enc") + 1)!;
    expect(tower).toMatchObject({ title: "encoder text_enc", shape: "[B, 128]" });
  });

  it("puts one hint at the end of each layer line", () => {
    const hints = lineHints(a, SIMPLE);
    const at = (needle: string) => hints.find((h) => h.offset === SIMPLE.indexOf("\n", SIMPLE.indexOf(needle)))?.label;
    expect(at("conv2d(32")).toBe("[B, H:32, W:32, C:32]  896");
    expect(at("mean(over: [H, W])")).toBe("[B, C:64]");
    expect(at("encoder image_enc")).toBe("→ [B, 128]  27,712 params");
  });

  it("maps offsets of the last valid text into an edited one", () => {
    const edited = SIMPLE.replace("dense(128)\n}", "dense(64)\n}"); // "128" -> "64"
    const m = textMap(SIMPLE, edited);
    const before = SIMPLE.indexOf("conv2d(32");
    expect(m.map(before)).toBe(before);
    expect(m.map(SIMPLE.indexOf("dense(128)") + 7)).toBeUndefined(); // inside the edit
    expect(m.map(SIMPLE.indexOf("text_enc"))).toBe(edited.indexOf("text_enc"));
  });
});

describe("completion", () => {
  const a = check(SIMPLE);
  it("offers layers and blocks at the start of a tower line", () => {
    const items = complete(SIMPLE.replace("  dense(64, activation: relu)", "  |\n  dense(64, activation: relu)"), a);
    expect(items).toEqual(expect.arrayContaining(["conv2d", "dense", "attention", "repeat", "residual"]));
    const withBlock = check("block mlp(width) {\n  dense(width)\n}\n" + SIMPLE);
    expect(complete("block mlp(width) {\n  dense(width)\n}\n" + SIMPLE.replace("  mean(over: L)", "  |\n  mean(over: L)"), withBlock)).toContain("mlp");
  });

  it("offers a layer's named arguments, without those already given", () => {
    const items = complete(SIMPLE.replace("conv2d(32, kernel: 3, activation: relu)", "conv2d(32, kernel: 3, |)"), a);
    expect(items).toEqual(expect.arrayContaining(["stride:", "padding:", "activation:"]));
    expect(items).not.toContain("kernel:");
  });

  it("offers the axes of the shape flowing into the line", () => {
    const items = complete(SIMPLE.replace("mean(over: [H, W])", "mean(over: [|])"), a);
    expect(items).toEqual(["H", "W", "C"]);
    expect(complete(SIMPLE.replace("mean(over: L)", "mean(over: |)"), a)).toContain("L");
  });

  it("offers enum values, towers and top-level keywords where they fit", () => {
    expect(complete(SIMPLE.replace("activation: relu)\n  conv2d(64", "activation: |)\n  conv2d(64"), a)).toEqual(expect.arrayContaining(["relu", "gelu", "tanh"]));
    expect(complete(SIMPLE.replace("head joint(concat(image_enc, text_enc))", "head joint(|)"), a)).toEqual(expect.arrayContaining(["image_enc", "text_enc", "concat"]));
    expect(complete(SIMPLE + "\n|", a)).toEqual(expect.arrayContaining(["encoder", "head", "block", "loss"]));
    expect(complete(SIMPLE.replace("data shapes(", "data |shapes("), a)).toEqual(expect.arrayContaining(["shapes", "noise"]));
    // Data kinds are written in the layers' schema language, so their choices complete too.
    expect(complete(SIMPLE.replace(/data shapes\([^)]*\)/, "data emoji(train: |)"), a)).toEqual(["noto", "twemoji"]);
    expect(complete(SIMPLE.replace("// The seed", "// The se|ed"), a)).toEqual([]);
    expect(complete(SIMPLE + "\nevaluate |", a)).toEqual(["retrieval", "accuracy", "zero_shot"]);
  });
});

describe("tower options", () => {
  const LIT = SIMPLE.replace("encoder image_enc(image) -> [B, 128] {", 'encoder image_enc(image) -> [B, 128] from "runs/pre/model" frozen {').replace("encoder text_enc(text) -> [B, 128] {", "encoder text_enc(text) -> [B, 128] lr_scale 0.1 {");
  const a = check(LIT);
  it("hovers an option with its documentation, and a tower with how it trains", () => {
    expect(a.ok).toBe(true);
    const frozen = hoverAt(a, LIT.indexOf("frozen") + 2)!;
    expect(frozen.title).toBe("frozen");
    expect(frozen.doc).toContain("no gradient");
    expect(hoverAt(a, LIT.indexOf("lr_scale") + 1)!.title).toBe("lr_scale 0.1");
    expect(hoverAt(a, LIT.indexOf("image_enc") + 2)!.training).toBe('frozen (no updates), weights from "runs/pre/model"');
    expect(hoverAt(a, LIT.indexOf("text_enc") + 2)!.training).toBe("learning rate × 0.1");
    expect(hoverAt(check(SIMPLE), SIMPLE.indexOf("image_enc") + 2)!.training).toBeUndefined();
  });

  it("offers the options after a tower's header, without those already given", () => {
    expect(complete(LIT.replace("lr_scale 0.1 {", "lr_scale 0.1 |{"), a)).toEqual(["from", "frozen"]);
    expect(complete(LIT.replace(" frozen {", " |{"), a)).toEqual(["frozen", "lr_scale"]);
    expect(complete(LIT.replace(" frozen {", " fro| {"), a)).toEqual(["frozen", "lr_scale"]);
    expect(complete(LIT.replace("input text: Tokens[B, 12]", "input text: Tokens[B, 12] |"), a)).toEqual([]);
  });

  it("hovers and offers `from` after a block call", () => {
    const TF = 'import "std/transformer.mm"\n' + SIMPLE.replace("  mean(over: L)\n", '  transformer(128, heads: 4) from "runs/pre/model"\n  mean(over: L)\n');
    const b = check(TF);
    expect(b.ok).toBe(true);
    expect(hoverAt(b, TF.indexOf('from "runs') + 1)!.doc).toContain("that call's weights only");
    expect(complete(TF.replace(' from "runs/pre/model"', " |"), b)).toEqual(["from"]);
    expect(complete(TF.replace("  dense(64, activation: relu)\n", "  dense(64, activation: relu) |\n"), b)).toEqual([]);
  });
});

describe("browser budget", () => {
  it("caps data and steps, and evaluates about 20 times a run", () => {
    const ir = check(SIMPLE).ir!;
    const plan = planRun(ir, BROWSER_BUDGET);
    expect(plan.run).toEqual({ train: 2000, test: 500, steps: 400 });
    expect(plan.spec).toEqual({ train: 8000, test: 1000, steps: 400 });
    expect(plan.capped).toBe(true);
    expect(plan.evalEvery).toBe(20);
    expect(ir.data.args).toMatchObject({ train: 8000 }); // the checked program is left alone
    const full = planRun(ir, null);
    expect(full.run).toEqual({ train: 8000, test: 1000, steps: 400 });
    expect(full.evalEvery).toBe(100);
  });

  it("estimates memory: the seed fits, a wide conv at a large batch does not", () => {
    const small = planRun(check(SIMPLE).ir!, BROWSER_BUDGET).bytes;
    expect(Number.isFinite(small.total)).toBe(true);
    expect(small.total).toBeLessThan(MEMORY_LIMIT_BYTES);
    expect(small.total).toBeGreaterThan(10 * 2 ** 20);
    const big = TINY.replace("conv2d(8, kernel: 3, stride: 2,", "conv2d(512, kernel: 3,").replace("batch: 32", "batch: 512").replace("train: 512", "train: 2048");
    expect(planRun(check(big).ir!, BROWSER_BUDGET).bytes.total).toBeGreaterThan(MEMORY_LIMIT_BYTES);
  });
});

describe("share link", () => {
  it("round-trips a spec, and reads what Node's deflateRaw writes", async () => {
    const hash = "#spec=" + (await encodeSpec(SIMPLE));
    expect(await decodeSpec(hash)).toBe(SIMPLE);
    expect(await decodeSpec("#spec=" + deflateRawSync(Buffer.from("model é\n")).toString("base64url") + "&backend=webgl")).toBe("model é\n");
    expect(await decodeSpec("#spec=not-deflate")).toBeUndefined();
    expect(await decodeSpec("#example=simple")).toBeUndefined();
  });
});
