// Go to definition, find references and rename for blocks, encoders, heads, inputs and
// imports, from the symbols of the newest parse (src/language-service/symbols.ts). A block an
// import declares is found in its file; renaming it is refused (it lives in another file).
import { ResponseError, ErrorCodes, type Location, type Position, type Range, type WorkspaceEdit } from "vscode-languageserver/node";
import { KEYWORD_WORDS } from "../../grammar/tokens.js";
import { NAME_RULE, VALID_NAME } from "../ast/names.js";
import type { Span } from "../source/source.js";
import { callsOf, targetAt, usesOf, type Target } from "../language-service/symbols.js";
import type { OpenSpec } from "./open-spec.js";
import { rangeIn, uriOfPath } from "./positions.js";

function target(s: OpenSpec, pos: Position): Target | undefined {
  return s.latest ? targetAt(s.latest.symbols, s.doc.offsetAt(pos)) : undefined;
}

const here = (s: OpenSpec, span: Span): Location => ({ uri: s.doc.uri, range: { start: s.doc.positionAt(span.start), end: s.doc.positionAt(span.end) } });

export function definition(s: OpenSpec, pos: Position): Location | null {
  const t = target(s, pos);
  const spec = s.latest;
  if (!t || !spec) return null;
  if (t.kind === "def") return here(s, t.def.nameSpan);
  if (t.kind === "use") {
    if (t.def) return here(s, t.def.nameSpan);
    const imported = t.use.as === "call" ? spec.imported.find((b) => b.name === t.use.name) : undefined;
    if (imported?.file && imported.nameStart !== undefined) {
      return { uri: uriOfPath(imported.file.path), range: rangeIn(imported.file, { start: imported.nameStart, end: imported.nameEnd! }) };
    }
    return null;
  }
  const file = spec.loadImport(t.ref.path, spec.file);
  if (typeof file === "string") return null;
  return { uri: uriOfPath(file.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

export function references(s: OpenSpec, pos: Position, includeDeclaration: boolean): Location[] | null {
  const t = target(s, pos);
  const spec = s.latest;
  if (!t || !spec) return null;
  const symbols = spec.symbols;
  if (t.kind === "import") {
    // An import's references: the calls of the blocks it brings in.
    const names = new Set(spec.imported.filter((b) => b.from === t.ref.path).map((b) => b.name));
    return [...(includeDeclaration ? [here(s, t.ref.span)] : []), ...callsOf(symbols, names).map((u) => here(s, u.span))];
  }
  const def = t.def;
  if (def) return [...(includeDeclaration ? [here(s, def.nameSpan)] : []), ...usesOf(symbols, def).map((u) => here(s, u.span))];
  if (t.kind === "use" && t.use.as === "call") return callsOf(symbols, new Set([t.use.name])).map((u) => here(s, u.span));
  return null;
}

export function prepareRename(s: OpenSpec, pos: Position): { range: Range; placeholder: string } | null {
  const t = target(s, pos);
  if (!t || t.kind === "import") return null;
  const def = declaredHere(t);
  return { range: here(s, t.span).range, placeholder: def.name };
}

/** The declaration a rename changes; a name declared in another file (an imported block) is refused. */
function declaredHere(t: Exclude<Target, { kind: "import" }>) {
  if (t.def) return t.def;
  throw new ResponseError(ErrorCodes.InvalidRequest, `\`${t.kind === "use" ? t.use.name : ""}\` is not declared in this file: rename it where it is declared`);
}

export function rename(s: OpenSpec, pos: Position, newName: string): WorkspaceEdit | null {
  const t = target(s, pos);
  if (!t || t.kind === "import" || !s.latest) return null;
  const def = declaredHere(t);
  if (!VALID_NAME.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a name: ${NAME_RULE}`);
  if (KEYWORD_WORDS.includes(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is a keyword`);
  const spans = [def.nameSpan, ...usesOf(s.latest.symbols, def).map((u) => u.span)];
  return { changes: { [s.doc.uri]: spans.map((span) => ({ range: here(s, span).range, newText: newName })) } };
}
