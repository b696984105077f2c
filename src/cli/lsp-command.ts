// `mmc lsp`: the language server on stdin/stdout (`--stdio`, which editors pass, is the only
// transport). It runs until the editor sends `exit` or closes the pipe.
import { startServer } from "../lsp/server.js";

export function runLsp(): Promise<number> {
  // stdout carries the protocol: anything a library logs goes to stderr instead.
  const toStderr = (...args: unknown[]) => process.stderr.write(args.map(String).join(" ") + "\n");
  console.log = console.info = console.warn = console.debug = toStderr;
  startServer(process.stdin, process.stdout);
  return new Promise<number>((resolve) => process.stdin.on("close", () => resolve(0)));
}
