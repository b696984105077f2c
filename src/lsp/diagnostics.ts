// mmc's diagnostics as LSP diagnostics: the same code, message, line and column as `mmc check`,
// the label, notes and help below the message, secondary spans as related information, and the
// machine-applicable fixes in `data` for code actions. A diagnostic in an imported file is
// shown on the import that brought it in.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from "vscode-languageserver/node";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Fix } from "../diagnostics/fix.js";
import type { SourceFile } from "../source/source.js";
import type { CheckedSpec } from "./spec-checker.js";
import { rangeIn, uriOfPath } from "./positions.js";

export interface FixData {
  title: string;
  edits: { range: Range; newText: string }[];
}

export function lspDiagnostics(spec: CheckedSpec): LspDiagnostic[] {
  return spec.result.diagnostics.map((d) => toLsp(d, spec));
}

function toLsp(d: Diagnostic, spec: CheckedSpec): LspDiagnostic {
  const own = d.file.id === spec.file.id;
  const range = own ? rangeIn(d.file, d.primary.span) : importRange(spec, d.file);
  const where = own ? "" : `in ${d.file.path}:${d.file.position(d.primary.span.start).line}: `;
  const lines = [where + d.message];
  if (d.primary.message) lines.push(`  ^ ${d.primary.message}`);
  for (const n of d.notes) lines.push(`note: ${n}`);
  if (d.help) lines.push(`help: ${d.help}`);
  const related = [
    ...(own ? [] : [{ file: d.file, span: d.primary.span, message: d.primary.message || d.message }]),
    ...d.secondary.map((l) => ({ file: l.file ?? d.file, span: l.span, message: l.message || "related" })),
  ];
  const fixes = own && d.fixes ? d.fixes.map((f) => fixData(d.file, f)) : [];
  return {
    range,
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "mmc",
    message: lines.join("\n"),
    ...(related.length ? { relatedInformation: related.map((r) => ({ location: { uri: uriOfPath(r.file.path), range: rangeIn(r.file, r.span) }, message: r.message })) } : {}),
    ...(fixes.length ? { data: { fixes } } : {}),
  };
}

function fixData(file: SourceFile, f: Fix): FixData {
  return { title: f.title, edits: f.edits.map((e) => ({ range: rangeIn(file, e.span), newText: e.text })) };
}

/** The `import` line that reads `file` (directly or through other imports: the first import then). */
function importRange(spec: CheckedSpec, file: SourceFile): Range {
  const imports = spec.result.ast.items.flatMap((i) => (i.kind === "import" ? [i] : []));
  const direct = imports.find((i) => {
    const f = spec.loadImport(i.path.value, spec.file);
    return typeof f !== "string" && f.id === file.id;
  });
  const at = direct ?? imports[0];
  return at ? rangeIn(spec.file, at.path.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
