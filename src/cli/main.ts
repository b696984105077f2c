// mmc's command line: check | fmt | run | explain | eval | export | data export | bench | playground | lsp.
import { Command, CommanderError, Option } from "commander";
import { runCheck } from "./check-command.js";
import { runFmt } from "./fmt-command.js";
import { runRun } from "./run-command.js";
import { runEval } from "./eval-command.js";
import { runExplain } from "./explain-command.js";
import { runExport } from "./export-command.js";
import { runDataExport } from "./data-command.js";
import { startBackend, type BackendName } from "../runtime/run/backend.js";
import { SpecReadError } from "./read-spec.js";
import { runBenchCommand, type BenchFlags } from "./bench-command.js";
import { reportCliError } from "./cli-errors.js";

const color = !!process.stderr.isTTY && !process.env["NO_COLOR"];

/** Bad input is reported in one line and an exit code; only compiler bugs show a stack. */
async function guarded(fn: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await fn();
  } catch (e) {
    process.exitCode = reportCliError(e);
  }
}

const program = new Command()
  .name("mmc")
  .description("Compile .mm multimodal model specs: check shapes, format, train and evaluate")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("check")
  .description("parse and type-check a spec; print each layer's shape and parameters")
  .argument("<spec>", "the .mm file")
  .addOption(new Option("--format <format>", "diagnostics as text or json").choices(["text", "json"]).default("text"))
  .addOption(new Option("--emit <what>", "print the checked IR as JSON").choices(["ir"]))
  .option("--no-data", "do not look at the data set (skips data-aware checks)")
  .action((spec: string, o: { format: "text" | "json"; emit?: "ir"; data: boolean }) => guarded(() => runCheck(spec, { ...o, color })));

program
  .command("fmt")
  .description("print specs in canonical form")
  .argument("<specs...>", ".mm files")
  .option("--check", "exit 1 if a file is not formatted")
  .option("--write", "rewrite files in place")
  .action((specs: string[], o: { check?: boolean; write?: boolean }) => guarded(() => runFmt(specs, { check: !!o.check, write: !!o.write, color })));

program
  .command("run")
  .description("check a spec, train it, evaluate retrieval and write a run folder")
  .argument("[spec]", "the .mm file")
  .option("--out <dir>", "run folder (default runs/<model>-<time>)")
  .option("--resume <dir>", "continue an interrupted run folder")
  .addOption(new Option("--backend <name>", "tfjs backend").choices(["auto", "cpu", "wasm", "webgpu", "node", "node-gpu"]).default("auto"))
  .addOption(new Option("--threads <n>", "1, or 2 to split each batch across two cores (default: the core count, at most 2)").choices(["1", "2"]))
  .addOption(new Option("--engine <name>", "who trains: tfjs here, or the spec's PyTorch package in --nproc processes (default tfjs)").choices(["tfjs", "torch"]))
  .option("--nproc <n>", "--engine torch: training processes (each takes batch / n items per step; default 1)")
  .addOption(new Option("--device <device>", "--engine torch: where the processes train (default cpu)").choices(["cpu", "cuda"]))
  .action((spec: string | undefined, o: { out?: string; resume?: string; backend: BackendName; threads?: string; engine?: "tfjs" | "torch"; nproc?: string; device?: "cpu" | "cuda" }) =>
    guarded(() => {
      const { threads, nproc, ...rest } = o;
      if (nproc !== undefined && !/^[1-9]\d*$/.test(nproc)) throw new SpecReadError(`--nproc must be a whole number of processes, 1 or more; got \`${nproc}\``, true);
      return runRun(spec, { ...rest, ...(threads ? { threads: Number(threads) } : {}), ...(nproc ? { nproc: Number(nproc) } : {}), color });
    }));

program
  .command("explain")
  .description("explain a diagnostic code at length, with a wrong and a right example")
  .argument("<code>", "such as MM3005")
  .action((code: string) => guarded(() => runExplain(code)));

program
  .command("eval")
  .description("re-evaluate a run folder's trained model on its test data")
  .argument("<dir>", "a run folder")
  .addOption(new Option("--backend <name>", "tfjs backend").choices(["auto", "cpu", "wasm", "webgpu", "node", "node-gpu"]).default("auto"))
  .action((dir: string, o: { backend: BackendName }) => guarded(() => runEval(dir, o)));

program
  .command("export")
  .description("check a spec and write it as a PyTorch package with mmc's initial weights")
  .argument("<spec>", "the .mm file")
  .addOption(new Option("--format <format>", "what to write").choices(["torch"]).default("torch"))
  .requiredOption("--out <dir>", "the package folder to write")
  .option("--no-data", "do not look at the data set (skips data-aware checks)")
  // The initial weights are made in JS but held as tfjs variables: a backend must be started
  // (cpu: the values do not depend on it, and it starts at once).
  .action((spec: string, o: { format: "torch"; out: string; data: boolean }) => guarded(async () => (await startBackend("cpu"), runExport(spec, { ...o, color }))));

const data = program.command("data").description("work with a spec's data set");
data
  .command("export")
  .description("write the spec's data set as webdataset-style tar shards (train-NNNN.tar, test-NNNN.tar, info.json)")
  .argument("<spec>", "the .mm file")
  .requiredOption("--out <dir>", "the folder to write (empty, new, or an earlier export)")
  .option("--shard-size <MB>", "largest shard in megabytes (default 256)")
  .option("--shards <N>", "exactly N shards per split instead, items divided evenly (one per torch rank)")
  .option("--tokens", "also write each sample's token ids (the spec's tokenizer, Tokens[B, L] long) into its .json")
  .action((spec: string, o: { out: string; shardSize?: string; shards?: string; tokens?: boolean }) => guarded(() => runDataExport(spec, { ...o, color })));

program
  .command("playground")
  .description("serve the Monaco playground on 127.0.0.1 (builds it first if needed) and print its URL")
  .option("--port <n>", "port (0 picks a free one)", "5178")
  .option("--open", "open the URL in a browser")
  .option("--rebuild", "build even if the built folder looks fresh")
  .action((o: { port: string; open?: boolean; rebuild?: boolean }) =>
    guarded(async () => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SpecReadError(`--port must be a whole number from 0 to 65535, got \`${o.port}\``, true);
      const { runPlayground } = await import("./playground-command.js");
      try {
        await runPlayground({ port, ...(o.open ? { open: true } : {}), ...(o.rebuild ? { rebuild: true } : {}) });
      } catch (e) {
        throw new SpecReadError((e as Error).message, false); // a failed build or a busy port: one line, exit 1
      }
      return new Promise<number>(() => {}); // serves until Ctrl-C
    }));

program
  .command("lsp")
  .description("run the language server (Language Server Protocol) on stdin/stdout, for editors")
  .option("--stdio", "talk over stdin/stdout (the default and only transport)")
  .action(() =>
    guarded(async () => {
      const { runLsp } = await import("./lsp-command.js");
      return runLsp();
    }));

program
  .command("bench")
  .description("benchmark training speed (compiled spec vs hand-written tfjs vs PyTorch CPU) and parse+check latency")
  .addOption(new Option("--backend <name>", "tfjs backend").choices(["auto", "cpu", "wasm", "webgpu", "node", "node-gpu"]).default("wasm"))
  .option("--rounds <n>", "interleaved rounds (default 8)")
  .option("--steps <n>", "steps per contender per round (default 2)")
  .option("--batch <n>", "batch size (default 64)")
  .option("--no-torch", "skip PyTorch")
  .option("--no-threads", "skip the two-thread run")
  .option("--out <file>", "also write the results as JSON")
  .action((o: BenchFlags) => guarded(() => runBenchCommand(o)));

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
  else throw e;
}
