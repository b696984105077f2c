// Keystroke-to-diagnostics latency of `mmc lsp` (issue 13's target: p95 < 20 ms on every spec).
// The built server is spawned as an editor would (`node bin/mmc.js lsp --stdio`), every spec
// in specs/ is opened, then keystrokes are replayed one at a time: a character typed at a
// place and deleted again, at several places, each an incremental didChange. A keystroke's
// time runs from sending its didChange to the publishDiagnostics of that version.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";

export interface LspLatency {
  spec: string;
  keystrokes: number;
  p50: number;
  p95: number;
  max: number;
  /** Every keystroke's time (ms), in the order typed. */
  times: number[];
}

export interface LspBenchOptions {
  /** Places per spec where a character is typed and deleted. */
  places: number;
  /** Type-and-delete pairs at each place (two keystrokes each). */
  pairs: number;
}

export const LSP_TARGET_P95_MS = 20;

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Spread over the spec: the middle of lines that hold code (not blank, not comments). */
export function editPlaces(text: string, count: number): { line: number; character: number }[] {
  const code = text.split("\n").map((l, line) => ({ l, line })).filter(({ l }) => l.trim() && !l.trim().startsWith("//"));
  const step = Math.max(1, Math.floor(code.length / count));
  return code.filter((_, i) => i % step === 0).slice(0, count).map(({ l, line }) => ({ line, character: Math.floor(l.length / 2) }));
}

export async function lspKeystrokeLatency(root: string, opts: LspBenchOptions): Promise<LspLatency[]> {
  const child = spawn(process.execPath, [path.join(root, "bin", "mmc.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, { version: number; resolve: (at: number) => void }>();
  conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number }) => {
    const at = performance.now();
    const w = waiting.get(p.uri);
    if (w && p.version === w.version) {
      waiting.delete(p.uri);
      w.resolve(at);
    }
  });
  conn.listen();
  const published = (uri: string, version: number) => new Promise<number>((resolve) => waiting.set(uri, { version, resolve }));
  try {
    await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
    conn.sendNotification("initialized", {});
    const specDir = path.join(root, "specs");
    const files = readdirSync(specDir).filter((f) => f.endsWith(".mm")).sort();
    const opened: { spec: string; uri: string; text: string }[] = [];
    for (const f of files) {
      const uri = pathToFileURL(path.join(specDir, f)).href;
      const text = readFileSync(path.join(specDir, f), "utf8");
      const first = published(uri, 1);
      conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "mm", version: 1, text } });
      await first;
      opened.push({ spec: f, uri, text });
    }
    const results: LspLatency[] = [];
    for (const { spec, uri, text } of opened) {
      let version = 1;
      const times: number[] = [];
      const keystroke = async (range: { start: Pos; end: Pos }, newText: string) => {
        version++;
        const answered = published(uri, version);
        const sent = performance.now();
        conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
        times.push((await answered) - sent);
      };
      for (const at of editPlaces(text, opts.places)) {
        for (let i = 0; i < opts.pairs; i++) {
          await keystroke({ start: at, end: at }, "x");
          await keystroke({ start: at, end: { line: at.line, character: at.character + 1 } }, "");
        }
      }
      results.push({ spec, keystrokes: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), times });
    }
    return results;
  } finally {
    conn.dispose();
    child.kill();
  }
}

interface Pos { line: number; character: number }
