// The .mm editor: Monaco with the generated Monarch grammar, and diagnostics, hover, inlay
// hints, completion and formatting from the checker, which runs in a web worker. At most one
// check is in flight; edits made meanwhile collapse into one follow-up check of the newest
// text (an adaptive debounce: no wait when the worker is idle, never a queue).
import { monaco } from "./monaco.js";
import { monarchGrammar } from "./monarch.js";
import type { Analysis, DiagnosticJson } from "../../src/language-service/analysis.js";
import { visibleHints, type Checked } from "../../src/language-service/answering.js";
import { completionsAt, type ItemKind } from "../../src/language-service/complete.js";
import { hoverFor } from "../../src/language-service/hover-text.js";
import type { CheckReply, CheckRequest } from "./protocol.js";
import CheckWorker from "./check-worker.ts?worker";

export const LANGUAGE = "mm";

/** The standard library's files, for `import "` completion (names only: nothing is loaded). */
const STD_FILES = Object.keys(import.meta.glob("../../std/*.mm")).map((p) => "std/" + p.replace(/^.*\//, "")).sort();

let registered = false;

function registerLanguage(host: () => SpecEditor | undefined): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE, extensions: [".mm"], aliases: ["mm", "mmc spec"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE, monarchGrammar() as unknown as monaco.languages.IMonarchLanguage);
  monaco.languages.setLanguageConfiguration(LANGUAGE, {
    comments: { lineComment: "//" },
    brackets: [["{", "}"], ["[", "]"], ["(", ")"]],
    autoClosingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: "(", close: ")" },
      { open: '"', close: '"', notIn: ["string"] },
    ],
    surroundingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: "(", close: ")" },
      { open: '"', close: '"' },
    ],
    indentationRules: { increaseIndentPattern: /\{[^}]*$/, decreaseIndentPattern: /^\s*\}/ },
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  });
  monaco.languages.registerHoverProvider(LANGUAGE, { provideHover: (model, pos) => host()?.hover(model, pos) });
  const hintsChanged = new monaco.Emitter<void>();
  monaco.languages.registerInlayHintsProvider(LANGUAGE, {
    onDidChangeInlayHints: hintsChanged.event,
    provideInlayHints: (model) => ({ hints: host()?.inlayHints(model) ?? [], dispose() {} }),
  });
  hintsChangedEmitter = hintsChanged;
  monaco.languages.registerCompletionItemProvider(LANGUAGE, {
    triggerCharacters: ["(", ",", ":", "[", " "],
    provideCompletionItems: (model, pos) => host()?.complete(model, pos),
  });
  monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE, {
    displayName: "mmc fmt",
    provideDocumentFormattingEdits: async (model) => {
      const text = await host()?.format(model.getValue());
      if (text === undefined || text === null || text === model.getValue()) return [];
      return [{ range: model.getFullModelRange(), text }];
    },
  });
}

let hintsChangedEmitter: monaco.Emitter<void> | undefined;

const KIND: Record<ItemKind, monaco.languages.CompletionItemKind> = {
  layer: monaco.languages.CompletionItemKind.Function,
  block: monaco.languages.CompletionItemKind.Module,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  argument: monaco.languages.CompletionItemKind.Property,
  value: monaco.languages.CompletionItemKind.EnumMember,
  axis: monaco.languages.CompletionItemKind.TypeParameter,
  tower: monaco.languages.CompletionItemKind.Class,
  input: monaco.languages.CompletionItemKind.Variable,
  fusion: monaco.languages.CompletionItemKind.Operator,
  loss: monaco.languages.CompletionItemKind.Function,
  data: monaco.languages.CompletionItemKind.Constant,
  type: monaco.languages.CompletionItemKind.Struct,
  module: monaco.languages.CompletionItemKind.File,
};

export interface CheckTiming {
  version: number;
  changedAt: number;
  markersAt?: number;
  workerMs?: number;
  /** The stages of the check that answered (page clock): posted, the worker began and ended, the reply arrived. */
  stages?: { postedAt: number; workerStart: number; workerEnd: number; receivedAt: number };
}

export class SpecEditor {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  readonly model: monaco.editor.ITextModel;
  latest?: Analysis;
  /** The text `latest` is of. */
  private latestText?: string;
  lastGood?: { analysis: Analysis; text: string };
  /** Keystroke-to-markers timings, newest last (the bench reads them). */
  readonly timings: CheckTiming[] = [];
  onAnalysis: (a: Analysis, text: string) => void = () => {};
  onEdit: () => void = () => {};
  private worker: Worker;
  private inFlight = false;
  private queued = false;
  private texts = new Map<number, string>();
  private postedAt = new Map<number, number>();
  private formatWaiters = new Map<number, (t: string | null) => void>();
  private nextFormat = 1;

  constructor(host: HTMLElement, text: string) {
    registerLanguage(() => current);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    current = this;
    this.model = monaco.editor.createModel(text, LANGUAGE, monaco.Uri.parse("inmemory://playground/spec.mm"));
    this.editor = monaco.editor.create(host, {
      model: this.model,
      automaticLayout: true,
      fontSize: 13.5,
      lineHeight: 21,
      fontFamily: "'JetBrains Mono', 'Fira Code', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderLineHighlight: "line",
      tabSize: 2,
      insertSpaces: true,
      inlayHints: { enabled: "on", fontSize: 12, padding: true },
      hover: { delay: 250 },
      quickSuggestions: { other: true, comments: false, strings: false },
      suggestOnTriggerCharacters: true,
      wordBasedSuggestions: "off",
      padding: { top: 10, bottom: 10 },
      fixedOverflowWidgets: true,
      theme: "mm-light",
    });
    this.worker = new CheckWorker({ name: "mmc-checker" });
    this.worker.onmessage = (e: MessageEvent<CheckReply>) => this.receive(e.data);
    this.model.onDidChangeContent(() => {
      this.timings.push({ version: this.model.getVersionId(), changedAt: performance.now() });
      if (this.timings.length > 2000) this.timings.splice(0, 1000);
      this.onEdit();
      this.requestCheck();
    });
    this.requestCheck();
  }

  get version(): number {
    return this.model.getVersionId();
  }

  private requestCheck(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    const version = this.model.getVersionId();
    const text = this.model.getValue();
    this.texts.set(version, text);
    this.inFlight = true;
    this.queued = false;
    this.postedAt.set(version, performance.now());
    this.worker.postMessage({ type: "check", version, text } satisfies CheckRequest);
  }

  private receive(m: CheckReply): void {
    if (m.type === "formatted") {
      this.formatWaiters.get(m.id)?.(m.text);
      this.formatWaiters.delete(m.id);
      return;
    }
    this.inFlight = false;
    if (m.type === "crashed") {
      console.error(`mmc checker crashed (a compiler bug): ${m.message}`);
      if (this.queued) this.requestCheck();
      return;
    }
    const receivedAt = performance.now();
    const a = m.analysis;
    const text = this.texts.get(a.version);
    // The worker's clock starts elsewhere: both are mapped through the epoch.
    const stages = { postedAt: this.postedAt.get(a.version) ?? NaN, workerStart: m.startedAt - performance.timeOrigin, workerEnd: m.endedAt - performance.timeOrigin, receivedAt };
    for (const v of this.postedAt.keys()) if (v <= a.version) this.postedAt.delete(v);
    for (const v of this.texts.keys()) if (v <= a.version) this.texts.delete(v);
    if (a.ok && text !== undefined) this.lastGood = { analysis: a, text };
    if (this.queued || a.version !== this.model.getVersionId()) {
      // A newer text is waiting: check it now, and show nothing stale in the meantime.
      this.latest = a;
      this.latestText = text;
      this.requestCheck();
      return;
    }
    this.latest = a;
    this.latestText = text;
    if (!performance.getEntriesByName("mmc:first-check").length) performance.mark("mmc:first-check"); // the bench reads it
    monaco.editor.setModelMarkers(this.model, "mmc", a.diagnostics.map((d) => this.marker(d)));
    const now = performance.now();
    for (let i = this.timings.length - 1; i >= 0 && this.timings[i]!.markersAt === undefined; i--) {
      const t = this.timings[i]!;
      if (t.version <= a.version) {
        t.markersAt = now;
        t.workerMs = a.ms;
        t.stages = stages;
      }
    }
    hintsChangedEmitter?.fire();
    this.onAnalysis(a, text ?? this.model.getValue());
  }

  private marker(d: DiagnosticJson): monaco.editor.IMarkerData {
    const p = d.primary;
    const empty = p.line === p.endLine && p.column === p.endColumn;
    const lines = [d.message];
    if (p.label) lines.push(`  ^ ${p.label}`);
    for (const n of d.notes) lines.push(`note: ${n}`);
    if (d.help) lines.push(`help: ${d.help}`);
    return {
      severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      code: d.code,
      source: "mmc",
      message: lines.join("\n"),
      startLineNumber: p.line,
      startColumn: p.column,
      endLineNumber: p.endLine,
      endColumn: empty ? p.column + 1 : p.endColumn,
      relatedInformation: d.secondary.filter((s) => s.file === p.file).map((s) => ({
        resource: this.model.uri, message: s.label || "related", startLineNumber: s.line, startColumn: s.column, endLineNumber: s.endLine, endColumn: s.endColumn,
      })),
    };
  }

  /** The analyses hover and inlay hints answer from. */
  private checked(): Checked {
    return { ...(this.latest && this.latestText !== undefined ? { latest: { analysis: this.latest, text: this.latestText } } : {}), ...(this.lastGood ? { lastGood: this.lastGood } : {}) };
  }

  hover(model: monaco.editor.ITextModel, pos: monaco.Position): monaco.languages.Hover | undefined {
    const h = hoverFor(model.getValue(), this.checked(), model.getOffsetAt(pos));
    if (!h) return undefined;
    const a = model.getPositionAt(h.start);
    const b = model.getPositionAt(h.end);
    return { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), contents: h.markdown.map((value) => ({ value })) };
  }

  inlayHints(model: monaco.editor.ITextModel): monaco.languages.InlayHint[] {
    return visibleHints(model.getValue(), this.checked()).map((h) => ({ position: model.getPositionAt(h.offset), label: h.label, kind: monaco.languages.InlayHintKind.Type, paddingLeft: true }));
  }

  complete(model: monaco.editor.ITextModel, pos: monaco.Position): monaco.languages.CompletionList {
    const offset = model.getOffsetAt(pos);
    const items = completionsAt({ text: model.getValue(), offset, stdFiles: STD_FILES, ...(this.latest ? { latest: this.latest } : {}), ...(this.lastGood ? { lastGood: this.lastGood } : {}) });
    const word = model.getWordUntilPosition(pos);
    const range = new monaco.Range(pos.lineNumber, word.startColumn, pos.lineNumber, word.endColumn);
    return {
      suggestions: items.map((it, i) => ({
        label: it.label,
        kind: KIND[it.kind],
        insertText: it.insert,
        ...(it.snippet ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
        ...(it.detail ? { detail: it.detail } : {}),
        ...(it.doc ? { documentation: it.doc } : {}),
        sortText: String(i).padStart(4, "0"),
        range,
      })),
    };
  }

  format(text: string): Promise<string | null> {
    const id = this.nextFormat++;
    return new Promise((resolve) => {
      this.formatWaiters.set(id, resolve);
      this.worker.postMessage({ type: "format", id, text } satisfies CheckRequest);
    });
  }

  setText(text: string): void {
    this.editor.executeEdits("example", [{ range: this.model.getFullModelRange(), text }]);
    this.editor.pushUndoStop();
    this.editor.setScrollPosition({ scrollTop: 0 });
  }

  revealLine(line: number, column = 1): void {
    this.editor.revealLineInCenter(line);
    this.editor.setPosition({ lineNumber: line, column });
    this.editor.focus();
  }
}

let current: SpecEditor | undefined;

export function defineTheme(): void {
  monaco.editor.defineTheme("mm-light", {
    base: "vs",
    inherit: true,
    rules: [
      { token: "keyword", foreground: "7c3aed", fontStyle: "bold" },
      { token: "type.identifier", foreground: "0e7490" },
      { token: "predefined", foreground: "b45309" },
      { token: "type", foreground: "0f766e", fontStyle: "bold" },
      { token: "attribute.name", foreground: "475569" },
      { token: "number", foreground: "c2410c" },
      { token: "string", foreground: "15803d" },
      { token: "comment", foreground: "94a3b8", fontStyle: "italic" },
      { token: "operator", foreground: "7c3aed" },
      { token: "invalid", foreground: "dc2626" },
      { token: "identifier", foreground: "1e293b" },
    ],
    colors: {
      "editor.background": "#ffffff",
      "editor.lineHighlightBackground": "#f8fafc",
      "editorLineNumber.foreground": "#cbd5e1",
      "editorLineNumber.activeForeground": "#64748b",
      "editorInlayHint.foreground": "#64748b",
      "editorInlayHint.background": "#f1f5f9",
      "editorIndentGuide.background1": "#f1f5f9",
    },
  });
}
