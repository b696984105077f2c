// Shared by the playground's browser tests (test/playground) and its bench: build the playground once into a
// temporary folder, serve it on 127.0.0.1, and drive Debian's Chromium with playwright-core
// (never a downloaded browser). Also the few page helpers both need.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildPlayground, serveStatic, type PlaygroundServer } from "../src/cli/playground-command.js";
import { packageRoot } from "../src/cli/package-root.js";

/** Debian's Chromium; MMC_CHROMIUM points elsewhere (a missing path skips the tests). */
export const CHROMIUM = process.env["MMC_CHROMIUM"] ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_LINE = `playground browser tests skipped: no Chromium at ${CHROMIUM}; enable them with \`apt-get install -y chromium\` (or \`bash scripts/install-test-deps.sh\`)`;

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Playground {
  url: string;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Builds the playground (vite build), serves it and starts Chromium with a fresh profile. */
export async function startPlayground(log: (line: string) => void = () => {}): Promise<Playground & { buildSeconds: number }> {
  const dist = mkdtempSync(join(tmpdir(), "mmc-playground-dist-"));
  const profile = mkdtempSync(join(tmpdir(), "mmc-playground-profile-"));
  let server: PlaygroundServer | undefined;
  let context: BrowserContext | undefined;
  try {
    const buildSeconds = await buildPlayground(packageRoot(), log, dist);
    server = await serveStatic(dist, 0);
    // launchPersistentContext owns --user-data-dir (chromium.launch refuses it in args).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 1000 },
    });
    const s = server;
    const c = context;
    return {
      url: s.url,
      context: c,
      buildSeconds,
      async close() {
        await c.close().catch(() => {});
        await s.close();
        rmSync(dist, { recursive: true, force: true });
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => {});
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/** The `#spec=` fragment the page reads (deflate-raw, base64url: what the page writes). */
export function specHash(text: string): string {
  return "#spec=" + deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");
}

/** Page coordinates of a position in the editor (the middle of the character's line box). */
export async function pointAt(page: Page, line: number, column: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lineNumber, col]) => {
      const { editor } = (window as unknown as { __mmc: { editor: { editor: { revealLine(n: number): void; getScrolledVisiblePosition(p: unknown): { top: number; left: number; height: number } | null; getDomNode(): HTMLElement } } } }).__mmc;
      editor.editor.revealLine(lineNumber!);
      const p = editor.editor.getScrolledVisiblePosition({ lineNumber, column: col });
      const box = editor.editor.getDomNode().getBoundingClientRect();
      if (!p) throw new Error(`line ${lineNumber} is not visible`);
      return { x: box.left + p.left + 2, y: box.top + p.top + p.height / 2 };
    },
    [line, column],
  );
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line holds ${needle}`);
  return i + 1;
}
