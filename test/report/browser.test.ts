// report.html in a real browser: no script errors, no requests beyond the file itself, and
// the hover tooltips work. Skipped where there is no Chromium (see scripts/install-test-deps.sh).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { renderReport } from "../../src/runtime/report/index.js";
import { EVIL, sampleInput } from "./fixture.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM)("report.html in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const errors: string[] = [];
  const requests: string[] = [];
  let dialogs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmc-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, renderReport(sampleInput({ status: "interrupted" })));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => requests.push(r.url()));
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("loads with no errors, no alerts and no requests beyond the file", async () => {
    expect(errors).toEqual([]);
    expect(dialogs).toBe(0);
    expect(requests.every((u) => u.startsWith("file:") || u.startsWith("data:"))).toBe(true);
    expect(await page.title()).toBe("simple · mmc report (interrupted)");
    // Thumbnails decoded and drawn at 64 px with pixelated scaling.
    const imgs = await page.$$eval("img.thumb", (els) =>
      els.map((e) => ({ ok: (e as HTMLImageElement).naturalWidth, w: e.getBoundingClientRect().width, r: getComputedStyle(e).imageRendering })),
    );
    expect(imgs.length).toBe(18);
    for (const i of imgs) expect(i).toEqual({ ok: 16, w: 70, r: "pixelated" }); // 64 px + 3 px border each side
  });

  it("shows a PCA point's caption as text and highlights its pair", async () => {
    await page.locator("#pca-plot").scrollIntoViewIfNeeded();
    // A point of pair 3 (the caption with markup) that is not covered by another point.
    const at = await page.$$eval('#pca-plot .pt[data-pair="3"]', (els) => {
      for (const el of els) {
        const b = el.getBoundingClientRect();
        const x = b.left + b.width / 2;
        const y = b.top + b.height / 2;
        if (document.elementFromPoint(x, y) === el) return { x, y };
      }
      return undefined;
    });
    expect(at).toBeDefined();
    // From off the plot, in steps: a pointer already there, or one jump, may fire no pointer-enter.
    await page.mouse.move(5, 5);
    await page.mouse.move(at!.x, at!.y, { steps: 4 });
    const tip = page.locator(".tip");
    await expect.poll(() => tip.isVisible(), { timeout: 10_000 }).toBe(true); // a loaded machine is slow to paint
    expect(await tip.textContent()).toContain(EVIL);
    expect(await page.$$eval("#pca-plot .hl", (els) => els.length)).toBe(3); // circle, square, line
    expect(await page.getAttribute("#pca-plot", "class")).toContain("focus");
    await page.mouse.move(5, 5);
    expect(await page.getAttribute("#pca-plot", "class")).not.toContain("focus");
  });

  it("joins a heat-map row's caption and a cell's score in one tooltip", async () => {
    const cell = page.locator('#similarity-heatmap g[data-row="3"] rect.cell').nth(5);
    await cell.scrollIntoViewIfNeeded();
    await cell.hover();
    const text = await page.locator(".tip").textContent();
    expect(text).toMatch(new RegExp(`^text 3: ${EVIL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\nimage 5 · cos -?\\d\\.\\d{3}$`));
  });

  it("reads a line chart with a crosshair", async () => {
    const area = page.locator("#chart-loss .hover-area");
    await area.scrollIntoViewIfNeeded();
    const box = (await area.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const text = (await page.locator(".tip").textContent()) ?? "";
    expect(text).toMatch(/^step \d+\nloss \(raw\): [\d.]+\nEMA \(span 10\): [\d.]+$/);
    expect(await page.getAttribute("#chart-loss .cursor", "visibility")).toBe("visible");
    await page.mouse.move(box.x - 40, box.y - 40);
    expect(await page.getAttribute("#chart-loss .cursor", "visibility")).toBe("hidden");
  });
});
