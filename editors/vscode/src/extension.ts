// The VS Code client of `mmc lsp`: every feature (diagnostics, hover, completion, navigation,
// rename, formatting, quick fixes, inlay hints) is the server's; this only starts it over stdio
// for .mm files and restarts it when `mmc.path` changes.
import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { serverCommand } from "./server-command";

let client: LanguageClient | undefined;

function startClient(): Promise<void> {
  const { command, args } = serverCommand(vscode.workspace.getConfiguration("mmc").get<string>("path"));
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  // npx and friends are .cmd scripts on Windows, which only a shell runs.
  const server: ServerOptions = { command, args, options: { cwd, shell: process.platform === "win32" } };
  const options: LanguageClientOptions = { documentSelector: [{ scheme: "file", language: "mm" }, { scheme: "untitled", language: "mm" }] };
  client = new LanguageClient("mmc", "mmc language server", server, options);
  return client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("mmc.path")) return;
      await client?.stop();
      await startClient();
    }),
  );
  await startClient();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
