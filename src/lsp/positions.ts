// Offsets, spans and paths in the LSP's terms: 0-based lines and UTF-16 columns (the same
// units as a JS string, so mmc's 1-based line:column is LSP's plus one), and file URIs.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Range } from "vscode-languageserver/node";
import type { SourceFile, Span } from "../source/source.js";

export function rangeIn(file: SourceFile, span: Span): Range {
  const a = file.position(span.start);
  const b = file.position(span.end);
  return { start: { line: a.line - 1, character: a.column - 1 }, end: { line: b.line - 1, character: b.column - 1 } };
}

/** The URI of a file the checker read (its path is relative to the server's working folder). */
export function uriOfPath(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

/** The file system path of a `file:` URI; other schemes (untitled) get a made-up path. */
export function pathOfUri(uri: string): string {
  if (uri.startsWith("file:")) return fileURLToPath(uri);
  return path.resolve(uri.replace(/^[a-z]+:/i, "").replace(/[^A-Za-z0-9._-]+/g, "_") || "untitled.mm");
}
