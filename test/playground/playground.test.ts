// The playground end to end in Debian's Chromium: the page loads, a typed mistake gets a
// marker at the line and with the message `mmc check` gives, hover shows a layer's shape, the
// fixed spec trains (loss falls, recall beats chance), an edit stops the run without leaking
// tensors, and NaN or an oversized spec stops with a message in the page. Builds the
// playground once (vite build) into a temporary folder. Skipped, with one line saying so,
// where there is no Chromium.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkFile } from "../../src/cli/check-command.js";
import { diagnosticToJson } from "../../src/diagnostics/render.js";
import { formatShape } from "../../src/ir/shape.js";
import { parseSpec } from "../../src/ast/parse.js";
import { printSpec } from "../../src/ast/print.js";
import { SourceFile } from "../../src/source/source.js";
import { HAVE_CHROMIUM, SKIP_LINE, lineOf, pointAt, specHash, startPlayground, type Playground } from "../../bench/playground-browser.js";

if (!HAVE_CHROMIUM) console.warn(SKIP_LINE);

const TINY = readFileSync(new URL("./tiny.mm", import.meta.url), "utf8");
const POOL = "  mean(over: [H, W])";

interface History {
  run: number;
  state: string;
  losses: { step: number; loss: number }[];
  evals: { step: number; metrics: Record<string, number>; chance: Record<string, number> }[];
  done?: { reason: string; steps: number; tensorsLeft: number; tensorsBefore: number };
  failure?: { kind: string; message: string };
}

const history = (page: Page) => page.evaluate(() => (window as unknown as { __mmc: { training: { history: History } } }).__mmc.training.history);
const editorText = (page: Page) => page.evaluate(() => (window as unknown as { __mmc: { editor: { model: { getValue(): string } } } }).__mmc.editor.model.getValue());
const setText = (page: Page, text: string) => page.evaluate((t) => (window as unknown as { __mmc: { editor: { setText(t: string): void } } }).__mmc.editor.setText(t), text);

/** What `mmc check --format json` reports for `text`. */
function cliDiagnostics(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "mmc-pg-cli-"));
  try {
    const file = join(dir, "spec.mm");
    writeFileSync(file, text);
    return checkFile(file, true).diagnostics.map(diagnosticToJson);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!HAVE_CHROMIUM)("playground in Chromium", () => {
  let pg: Playground;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    pg = await startPlayground();
    page = pg.context.pages()[0] ?? (await pg.context.newPage());
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(pg.url + specHash(TINY));
    await page.waitForFunction(() => document.getElementById("check-status")?.dataset["state"] === "ok");
  });

  afterAll(async () => {
    await pg?.close();
  });

  it("loads the spec from the link, with the example menu and no errors", async () => {
    expect(await editorText(page)).toBe(TINY);
    expect(await page.textContent("#check-text")).toBe("tiny · 5,664 parameters");
    const examples = await page.$$eval("#example option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(examples).toContain("simple");
    expect(examples.length).toBeGreaterThanOrEqual(10);
    // Highlighting comes from the generated Monarch grammar: keywords and layers get their own tokens.
    expect(await page.locator(".view-line span.mtk1, .view-line span[class*='mtk']").count()).toBeGreaterThan(20);
    // Inlay hints show each layer's shape at the end of its line.
    const rendered = async () => ((await page.locator(".view-lines").textContent()) ?? "").replace(/\u00a0/g, " "); // Monaco draws spaces as NBSP
    await expect.poll(rendered, { timeout: 10_000 }).toContain("[B, H:16, W:16, C:8]  224");
    expect(errors).toEqual([]);
  });

  it("shows a layer's output shape and parameters on hover", async () => {
    const line = lineOf(TINY, "conv2d(8");
    const ir = checkFile(join(new URL(".", import.meta.url).pathname, "tiny.mm"), true).ir!;
    const conv = ir.nodes.find((n) => n.op === "conv2d")!;
    const at = await pointAt(page, line, 5);
    await page.mouse.move(at.x - 30, at.y - 30);
    await page.mouse.move(at.x, at.y, { steps: 3 });
    const hover = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: "output" });
    await expect.poll(() => hover.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const text = (await hover.first().textContent()) ?? "";
    expect(text).toContain(formatShape(conv.shape)); // [B, H:16, W:16, C:8]
    expect(text).toContain("parameters 224");
    await page.mouse.move(5, 5);
  });

  it("colours tokens with the grammar generated from grammar/tokens.ts", async () => {
    const lines = await page.evaluate((text) => {
      const m = (window as unknown as { __mmc: { monaco: { editor: { tokenize(t: string, lang: string): { offset: number; type: string }[][] } } } }).__mmc.monaco;
      return m.editor.tokenize(text, "mm");
    }, TINY);
    const tokenAt = (needle: string) => {
      const i = lineOf(TINY, needle) - 1;
      const col = TINY.split("\n")[i]!.indexOf(needle);
      return [...lines[i]!].reverse().find((t) => t.offset <= col)!.type;
    };
    expect(tokenAt("// A spec")).toBe("comment.mm");
    expect(tokenAt("model")).toBe("keyword.mm");
    expect(tokenAt("conv2d")).toBe("type.identifier.mm");
    expect(tokenAt("kernel")).toBe("attribute.name.mm");
    expect(tokenAt("512")).toBe("number.mm");
    expect(tokenAt("infonce")).toBe("predefined.mm");
    expect(tokenAt("Image")).toBe("type.mm");
  });

  it("completes layer names in a tower body", async () => {
    const line = lineOf(TINY, "  dense(32)");
    const at = await pointAt(page, line, 1);
    await page.mouse.click(at.x + 400, at.y); // past the end of the line
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("con", { delay: 20 });
    const widget = page.locator(".suggest-widget.visible");
    await expect.poll(() => widget.textContent(), { timeout: 10_000 }).toContain("conv2d");
    await page.keyboard.press("Escape");
    await setText(page, TINY);
    await page.waitForFunction(() => document.getElementById("check-status")?.dataset["state"] === "ok");
  });

  it("formats the document as `mmc fmt` does", async () => {
    const messy = TINY.replace("conv2d(8, kernel: 3, stride: 2, activation: relu)", "conv2d( 8,kernel:3 ,  stride : 2, activation:relu )").replace("  embed(32)", "        embed(32)");
    await setText(page, messy);
    const expected = printSpec(parseSpec(new SourceFile("spec.mm", messy)).ast, messy);
    expect(expected).toBe(TINY);
    await page.click("#format");
    await expect.poll(() => editorText(page)).toBe(expected);
  });

  it("keeps the spec in the URL, so the link opens the same text", async () => {
    const shared = TINY.replace("// A spec small", "// Shared: a spec small");
    await setText(page, shared);
    const inUrl = async () => {
      const m = /#spec=([A-Za-z0-9_-]+)/.exec(await page.evaluate(() => location.hash));
      return m ? inflateRawSync(Buffer.from(m[1]!, "base64url")).toString("utf8") : undefined;
    };
    await expect.poll(inUrl).toBe(shared);
    const other = await pg.context.newPage();
    try {
      await other.goto(page.url());
      await other.waitForFunction(() => document.getElementById("check-status")?.dataset["state"] === "ok");
      expect(await editorText(other)).toBe(shared);
    } finally {
      await other.close();
    }
    await setText(page, TINY);
  });

  it("puts a typed mistake's marker at its line with the CLI's code and message", async () => {
    const line = lineOf(TINY, POOL);
    const at = await pointAt(page, line, POOL.length + 1);
    await page.mouse.click(at.x + 40, at.y); // past the end of the line
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.press("Backspace");
    const broken = await editorText(page);
    expect(broken).toBe(TINY.replace(POOL, "  "));
    const cli = cliDiagnostics(broken);
    expect(cli.length).toBeGreaterThan(0);
    await page.waitForFunction(() => document.getElementById("check-status")?.dataset["state"] === "error");
    const markers = await page.evaluate(() =>
      (window as unknown as { __mmc: { monaco: { editor: { getModelMarkers(f: { owner: string }): { code: string; message: string; startLineNumber: number; startColumn: number }[] } } } }).__mmc.monaco.editor
        .getModelMarkers({ owner: "mmc" })
        .map((m) => ({ code: String(m.code), message: m.message.split("\n")[0], line: m.startLineNumber, column: m.startColumn })),
    );
    expect(markers).toEqual(cli.map((d) => ({ code: d.code, message: d.message, line: d.primary.line, column: d.primary.column })));
    expect(cli[0]!.code).toBe("MM3004"); // dense needs [B, features]
    expect(cli[0]!.primary.line).toBe(lineOf(TINY, "dense(32)"));
    // The squiggle is drawn, and the problems list says the same.
    await expect.poll(() => page.locator(".squiggly-error").count()).toBeGreaterThan(0);
    expect(await page.getAttribute("#problems-list li", "data-code")).toBe("MM3004");
    expect(await page.getAttribute("#problems-list li", "data-line")).toBe(String(cli[0]!.primary.line));
  });

  it("trains the fixed spec: the loss falls and recall rises above chance", async () => {
    // Type the pooling line back (auto-closing brackets are overtyped, as a user's would be).
    await page.keyboard.type(POOL.trim(), { delay: 5 });
    await page.keyboard.press("Escape");
    expect(await editorText(page)).toBe(TINY);
    await page.waitForFunction(() => document.getElementById("check-status")?.dataset["state"] === "ok");
    await page.waitForFunction(
      () => {
        const h = (window as unknown as { __mmc: { training: { history: History } } }).__mmc.training.history;
        return (h.state === "running" && h.evals.length >= 3) || h.state === "failed" || h.state === "finished";
      },
      undefined,
      { timeout: 90_000, polling: 250 },
    );
    const h = await history(page);
    expect(h.failure).toBeUndefined();
    const mean = (xs: { loss: number }[]) => xs.reduce((s, x) => s + x.loss, 0) / xs.length;
    expect(mean(h.losses.slice(-10))).toBeLessThan(0.7 * mean(h.losses.slice(0, 5)));
    const best = Math.max(...h.evals.map((e) => e.metrics["text_to_image_R@5"]!));
    expect(best).toBeGreaterThan(3 * h.evals[0]!.chance["text_to_image_R@5"]!);
    // The views are drawn: similarity matrix, PCA, top-k thumbnails.
    expect(await page.locator("#views.empty").count()).toBe(0);
    expect(await page.locator("#topk canvas.thumb").count()).toBe(25);
    expect(await page.$eval("#sim", (c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);
    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/playground.png" });
  });

  it("stops the run cleanly when the spec is edited, leaving no tensors behind", async () => {
    const run = (await history(page)).run;
    await setText(page, TINY.replace("dense(32)\n}\n\nencoder text_enc", "dense(33)\n}\n\nencoder text_enc"));
    await page.waitForFunction(() => document.getElementById("check-status")?.dataset["state"] === "error");
    await page.waitForFunction((r) => {
      const h = (window as unknown as { __mmc: { training: { history: History } } }).__mmc.training.history;
      return h.run === r && h.done !== undefined;
    }, run);
    const h = await history(page);
    expect(h.state).toBe("stopped");
    expect(h.done!.reason).toBe("stopped");
    expect(h.done!.tensorsLeft).toBe(h.done!.tensorsBefore);
    expect(await page.textContent("#run-text")).toMatch(/^Stopped: the spec has 1 error/);
  });

  it("stops a run whose loss turns NaN with a message in the page", async () => {
    await setText(page, TINY.replace("adam(lr: 3e-3)", "sgd(lr: 1e30)"));
    await page.waitForFunction(() => (window as unknown as { __mmc: { training: { history: History } } }).__mmc.training.history.state === "failed", undefined, { timeout: 30_000 });
    expect((await history(page)).failure?.kind).toBe("nan");
    expect(await page.isVisible("#banner")).toBe(true);
    expect(await page.textContent("#banner")).toMatch(/^Training diverged\. Training stopped: the loss became NaN or infinite at step \d+/);
  });

  it("refuses a spec too large for the browser before allocating it", async () => {
    await setText(page, TINY.replace("conv2d(8, kernel: 3, stride: 2,", "conv2d(512, kernel: 3,").replace("batch: 32", "batch: 512").replace("train: 512", "train: 2048"));
    await page.waitForFunction(() => (window as unknown as { __mmc: { training: { history: History } } }).__mmc.training.history.state === "blocked");
    expect(await page.isVisible("#banner")).toBe(true);
    expect(await page.textContent("#banner")).toMatch(/^This spec needs about \d+(\.\d)? GB to train .* the playground stops at 1\.0 GB/);
    expect(errors).toEqual([]);
  });
});
