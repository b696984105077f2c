// Drives `mmc lsp` over stdio, started by the VS Code extension's own serverCommand, with a real JSON-RPC client (vscode-jsonrpc, what
// vscode-languageclient is built on): diagnostics carry the same code, line and column as
// `mmc check`, clear once fixed; hover, completion, definition, references, rename, formatting,
// symbols and quick fixes each answer as an editor needs.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { serverCommand } from "../../editors/vscode/src/server-command.js";
import { MMC, runCli, ROOT } from "../cli/cli.js";

interface Pos { line: number; character: number }
interface Range { start: Pos; end: Pos }
interface Diagnostic { code?: string; range: Range; message: string; relatedInformation?: unknown[] }
interface TextEdit { range: Range; newText: string }

const simple = readFileSync(path.join(ROOT, "specs", "simple.mm"), "utf8");
const broken = simple.replace("  dense(64, activation: relu)", "  dense2(64, activation: relu)");
const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-lsp-"));
const specPath = path.join(dir, "spec.mm");
const uri = pathToFileURL(specPath).href;

let conn: MessageConnection;
let child: ReturnType<typeof spawn>;
const published = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();

/** Resolves with the next diagnostics published for `forUri` after this call. */
function nextDiagnostics(forUri: string): Promise<Diagnostic[]> {
  const seen = published.get(forUri)?.length ?? 0;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const all = published.get(forUri) ?? [];
      if (all.length > seen) {
        clearInterval(poll);
        resolve(all[all.length - 1]!.diagnostics);
      }
    }, 5);
  });
}

/** The position of the `nth` occurrence of `needle` in `text`, `into` characters in. */
function positionOf(text: string, needle: string, into = 0, nth = 1): Pos {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, at + into).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function open(docUri: string, text: string, version = 1): Promise<Diagnostic[]> {
  const next = nextDiagnostics(docUri);
  conn.sendNotification("textDocument/didOpen", { textDocument: { uri: docUri, languageId: "mm", version, text } });
  return next;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const offset = (p: Pos) => text.split("\n").slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

beforeAll(async () => {
  writeFileSync(specPath, broken);
  // Started as the VS Code extension starts it, from an `mmc.path` setting (quoted: paths may hold spaces).
  const { command, args } = serverCommand(`"${process.execPath}" "${MMC}"`);
  child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
  });
  conn.listen();
  // A server that exits (mmc not built: `npm test` builds first) fails here at once, with its code.
  const exited = new Promise<never>((_, reject) => child.on("exit", (code) => reject(new Error(`mmc lsp exited with code ${code} before answering initialize`))));
  exited.catch(() => {}); // the kill at the end is no failure
  await Promise.race([conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} }), exited]);
  conn.sendNotification("initialized", {});
}, 30_000);

afterAll(() => {
  conn?.dispose();
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe("mmc lsp over stdio", () => {
  it("publishes what mmc check reports (code, line, column), and clears it once fixed", async () => {
    const check = await runCli(["check", "--format", "json", specPath]);
    const expected = (JSON.parse(check.stdout) as { diagnostics: { code: string; primary: { line: number; column: number } }[] }).diagnostics;
    expect(expected.map((d) => d.code)).toEqual(["MM2001"]);

    const got = await open(uri, broken);
    expect(got.map((d) => ({ code: d.code, line: d.range.start.line + 1, column: d.range.start.character + 1 })))
      .toEqual(expected.map((d) => ({ code: d.code, line: d.primary.line, column: d.primary.column })));
    expect(got[0]!.message).toContain("did you mean `dense`");

    // An incremental edit (what editors send): delete the stray `2`.
    const at = positionOf(broken, "dense2", 5);
    const cleared = nextDiagnostics(uri);
    conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: "" }],
    });
    expect(await cleared).toEqual([]);
  }, 30_000);

  it("offers the did-you-mean as a quick fix whose edit repairs the spec", async () => {
    const docUri = pathToFileURL(path.join(dir, "fixme.mm")).href;
    const diagnostics = await open(docUri, broken);
    const actions = await conn.sendRequest<{ title: string; edit: { changes: Record<string, TextEdit[]> } }[]>("textDocument/codeAction", {
      textDocument: { uri: docUri }, range: diagnostics[0]!.range, context: { diagnostics },
    });
    expect(actions.map((a) => a.title)).toContain("change `dense2` to `dense`");
    const fixed = applyEdits(broken, actions[0]!.edit.changes[docUri]!);
    expect(fixed).toBe(simple);
  }, 30_000);

  it("hovers a layer with its shape and parameter count", async () => {
    const docUri = pathToFileURL(path.join(dir, "hover.mm")).href;
    await open(docUri, simple);
    const h = await conn.sendRequest<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri: docUri }, position: positionOf(simple, "conv2d(64", 1),
    });
    expect(h.contents.value).toContain("**output** `[B, H:32, W:32, C:64]`");
    expect(h.contents.value).toContain("18,496");
  }, 30_000);

  it("completes layer names inside an encoder and activations after `activation:`", async () => {
    const docUri = pathToFileURL(path.join(dir, "complete.mm")).href;
    const partial = simple.replace("  dense(128)\n}\n\nencoder text_enc", "  de\n}\n\nencoder text_enc");
    await open(docUri, partial);
    const layers = await conn.sendRequest<{ label: string }[] | { items: { label: string }[] }>("textDocument/completion", {
      textDocument: { uri: docUri }, position: positionOf(partial, "  de\n", 4),
    });
    const labels = (Array.isArray(layers) ? layers : layers.items).map((c) => c.label);
    expect(labels).toContain("dense");
    expect(labels).not.toContain("adam");
    const acts = await conn.sendRequest<{ label: string }[] | { items: { label: string }[] }>("textDocument/completion", {
      textDocument: { uri: docUri }, position: positionOf(partial, "activation: relu", 12),
    });
    expect((Array.isArray(acts) ? acts : acts.items).map((c) => c.label)).toContain("gelu");
  }, 30_000);

  it("goes to an encoder's definition and finds its uses", async () => {
    const docUri = pathToFileURL(path.join(dir, "nav.mm")).href;
    await open(docUri, simple);
    const use = positionOf(simple, "image_enc", 2, 2); // in concat(image_enc, ...)
    const def = await conn.sendRequest<{ uri: string; range: Range }>("textDocument/definition", { textDocument: { uri: docUri }, position: use });
    expect(def.uri).toBe(docUri);
    expect(def.range.start).toEqual(positionOf(simple, "image_enc", 0, 1));
    const refs = await conn.sendRequest<{ range: Range }[]>("textDocument/references", {
      textDocument: { uri: docUri }, position: use, context: { includeDeclaration: true },
    });
    const count = simple.split(/\bimage_enc\b/).length - 1;
    expect(refs).toHaveLength(count);
  }, 30_000);

  it("renames an encoder everywhere it is used, and the renamed spec checks clean", async () => {
    const docUri = pathToFileURL(path.join(dir, "rename.mm")).href;
    await open(docUri, simple);
    const edit = await conn.sendRequest<{ changes: Record<string, TextEdit[]> }>("textDocument/rename", {
      textDocument: { uri: docUri }, position: positionOf(simple, "text_enc", 1), newName: "caption_enc",
    });
    const renamed = applyEdits(simple, edit.changes[docUri]!);
    expect(renamed).not.toMatch(/\btext_enc\b/);
    const again = nextDiagnostics(docUri);
    conn.sendNotification("textDocument/didChange", { textDocument: { uri: docUri, version: 2 }, contentChanges: [{ text: renamed }] });
    expect(await again).toEqual([]);
    await expect(conn.sendRequest("textDocument/rename", {
      textDocument: { uri: docUri }, position: positionOf(renamed, "caption_enc", 1), newName: "2bad",
    })).rejects.toThrow();
  }, 30_000);

  it("formats a document into what mmc fmt prints", async () => {
    const messy = simple.replace("  conv2d(32, kernel: 3, activation: relu)", "conv2d( 32,kernel:3 , activation:relu )");
    const messyPath = path.join(dir, "messy.mm");
    writeFileSync(messyPath, messy);
    const docUri = pathToFileURL(messyPath).href;
    await open(docUri, messy);
    const edits = await conn.sendRequest<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri: docUri }, options: { tabSize: 2, insertSpaces: true },
    });
    const fmt = await runCli(["fmt", messyPath]);
    expect(applyEdits(messy, edits)).toBe(fmt.stdout);
    expect(fmt.stdout).toBe(simple);
  }, 30_000);

  it("lists the spec's outline: encoders and the head", async () => {
    const docUri = pathToFileURL(path.join(dir, "outline.mm")).href;
    await open(docUri, simple);
    const symbols = await conn.sendRequest<{ name: string }[]>("textDocument/documentSymbol", { textDocument: { uri: docUri } });
    const names = symbols.map((s) => s.name);
    for (const n of ["image_enc", "text_enc", "joint"]) expect(names.some((x) => x.includes(n))).toBe(true);
  }, 30_000);
});
