// `mmc lsp`: the Language Server Protocol over stdio. Every open document is checked on each
// change, right after the messages already waiting are read (edits typed in a burst become one
// check), and its diagnostics are published with the version they are of. Requests first bring
// their document's check up to date, so they never answer from an older text than the editor's.
import path from "node:path";
import {
  CodeActionKind, createConnection, StreamMessageReader, StreamMessageWriter, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { codeActions, completion, formatting } from "./editing.js";
import { lspDiagnostics } from "./diagnostics.js";
import { definition, prepareRename, references, rename } from "./navigation.js";
import type { OpenSpec } from "./open-spec.js";
import { pathOfUri } from "./positions.js";
import { SpecChecker } from "./spec-checker.js";
import { documentSymbols, hover, inlayHints } from "./views.js";

export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const specs = new Map<string, OpenSpec>();
  const pending = new Set<string>();
  let roots: string[] = [];
  const checker = new SpecChecker(
    (abs) => {
      for (const s of specs.values()) if (path.resolve(pathOfUri(s.doc.uri)) === abs) return s.doc.getText();
      return undefined;
    },
    () => roots,
  );

  /** Checks the document's current text unless its newest check is of it; publishes the result. */
  const fresh = (uri: string): OpenSpec | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    let s = specs.get(uri);
    if (!s) specs.set(uri, (s = { doc }));
    s.doc = doc;
    pending.delete(uri);
    if (s.latest?.version === doc.version) return s;
    let checked;
    try {
      checked = checker.check(pathOfUri(uri), doc.getText(), doc.version);
    } catch (e) {
      // A compiler bug must not take the editor's server down: say so once, keep the last answer.
      connection.console.error(`mmc lsp: checking ${uri} failed: ${(e as Error).stack ?? e}`);
      return s.latest ? s : undefined;
    }
    s.latest = checked;
    if (checked.analysis.ok) s.lastGood = checked;
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: lspDiagnostics(checked) });
    return s;
  };

  const schedule = (uri: string) => {
    if (pending.has(uri)) return;
    pending.add(uri);
    setImmediate(() => {
      if (pending.has(uri)) fresh(uri);
    });
  };

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    roots = folders.filter((u) => u.startsWith("file:")).map((u) => path.resolve(pathOfUri(u)));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["(", ",", ":", "[", " ", '"', "/"] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
      },
      serverInfo: { name: "mmc lsp" },
    };
  });

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidSave(() => {
    // A saved file may be another's import, or data on disk may have changed with it.
    checker.forget();
    for (const uri of specs.keys()) {
      specs.get(uri)!.latest = undefined;
      schedule(uri);
    }
  });
  documents.onDidClose((e) => {
    specs.delete(e.document.uri);
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const on = <T>(uri: string, answer: (s: OpenSpec) => T, none: T): T => {
    const s = fresh(uri);
    return s ? answer(s) : none;
  };
  connection.onHover((p) => on(p.textDocument.uri, (s) => hover(s, p.position), null));
  connection.onCompletion((p) => on(p.textDocument.uri, (s) => completion(s, p.position), []));
  connection.onDefinition((p) => on(p.textDocument.uri, (s) => definition(s, p.position), null));
  connection.onReferences((p) => on(p.textDocument.uri, (s) => references(s, p.position, p.context.includeDeclaration), null));
  connection.onPrepareRename((p) => on(p.textDocument.uri, (s) => prepareRename(s, p.position), null));
  connection.onRenameRequest((p) => on(p.textDocument.uri, (s) => rename(s, p.position, p.newName), null));
  connection.onDocumentFormatting((p) => on(p.textDocument.uri, (s) => formatting(s), null));
  connection.onDocumentSymbol((p) => on(p.textDocument.uri, (s) => documentSymbols(s), []));
  connection.onCodeAction((p) => codeActions(p));
  connection.languages.inlayHint.on((p) => on(p.textDocument.uri, (s) => inlayHints(s, p.range), []));

  documents.listen(connection);
  connection.listen();
  return connection;
}
