// A diagnostic: a stable code, a message that stands alone, a primary span with a label,
// secondary spans, notes for why and `help:` for the fix (rustc's shape).
import type { SourceFile, Span } from "../source/source.js";
import type { Code } from "./codes.js";
import { didYouMeanFix, type Fix } from "./fix.js";

export type Severity = "error" | "warning";

export interface Label {
  span: Span;
  message: string;
  /** The file the span is in, when it is not the diagnostic's own (an imported block). */
  file?: SourceFile;
}

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  file: SourceFile;
  primary: Label;
  secondary: Label[];
  notes: string[];
  help?: string;
  /** Edits an editor may apply for the user (did-you-mean is derived from the suggestion). */
  fixes?: Fix[];
}

/** Collects diagnostics for one file; the checker's passes share one. */
export class DiagnosticBag {
  /** `items` may be shared with bags for other files (imports), so all land in one list. */
  constructor(readonly file: SourceFile, readonly items: Diagnostic[] = []) {}

  forFile(file: SourceFile): DiagnosticBag {
    return file === this.file ? this : new DiagnosticBag(file, this.items);
  }

  /** `suggestion`: a did-you-mean's name (see suggestionHelp), from which the fix is made. */
  error(code: Code, message: string, span: Span, label = "", extra: Partial<Pick<Diagnostic, "secondary" | "notes" | "help" | "fixes">> & { file?: SourceFile; suggestion?: string } = {}): Diagnostic {
    const file = extra.file ?? this.file;
    const suggested = extra.fixes ? undefined : didYouMeanFix(file, span, extra.suggestion);
    const fixes = extra.fixes ?? (suggested ? [suggested] : undefined);
    const d: Diagnostic = {
      code,
      severity: "error",
      message,
      file,
      primary: { span, message: label },
      secondary: extra.secondary ?? [],
      notes: extra.notes ?? [],
      ...(extra.help !== undefined ? { help: extra.help } : {}),
      ...(fixes?.length ? { fixes } : {}),
    };
    this.items.push(d);
    return d;
  }

  warning(code: Code, message: string, span: Span, label = "", extra: Partial<Pick<Diagnostic, "secondary" | "notes" | "help" | "fixes">> & { suggestion?: string } = {}): Diagnostic {
    const d = this.error(code, message, span, label, extra);
    d.severity = "warning";
    return d;
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.primary.span.start - b.primary.span.start || a.code.localeCompare(b.code));
}
