// The checker: names, scopes and the shape of every tensor, from AST to IR. Pure: whatever
// it needs from outside (imports, what the data holds) comes in through CheckOptions.
import type * as A from "../ast/nodes.js";
import type { IREvaluate, IRInput, IRLossTerm, IRProgram, IRTower } from "../ir/ir.js";
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parseSpec } from "../ast/parse.js";
import type { BrokenItem } from "../ast/build.js";
import type { SourceFile, Span } from "../source/source.js";
import { verifyIR } from "../ir/verify.js";
import type { DataInfo } from "../ir/data/types.js";
import { checkData, describe, type DescribeData } from "./data.js";
import { evalSource } from "./fusion.js";
import { GraphBuilder } from "./graph.js";
import { checkInput } from "./inputs.js";
import type { Flow } from "./layers/types.js";
import { LAYERS } from "./layers/index.js";
import { checkLoss } from "./loss.js";
import { formatShape, sameShape, type Dim } from "../ir/shape.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { walkBody, type BlockInfo } from "./towers.js";
import { blockCallTarget, checkPretrained, towerTarget, type LoadPretrained } from "./pretrained.js";
import { checkTowerOptions } from "./tower-options.js";
import type { LoadTfjsModel } from "./tfjs-model-info.js";
import { checkEvaluate, checkTrain } from "./train.js";
import { evaluate } from "./values.js";
import { MAX_CHAIN } from "../source/limits.js";

export interface CheckOptions {
  /** Reads an imported file; `path` is as written. Returns an error message on failure. */
  loadImport?(path: string, from: SourceFile): SourceFile | string;
  describeData?: DescribeData;
  /** Folder data paths resolve against. */
  baseDir?: string;
  /** How an absolute path in a data error is shown (the CLI makes it relative to the working folder). */
  displayPath?(path: string): string;
  /** Reads the run a tower's `from` names, to compare weights; without it they are not compared. */
  loadPretrained?: LoadPretrained;
  /** Reads the model.json a `tfjs_model(...)` layer names; without it its shapes are taken as declared (a warning). */
  loadTfjsModel?: LoadTfjsModel;
}

export interface CheckResult {
  ast: A.SpecFile;
  ir?: IRProgram;
  dataInfo?: DataInfo;
  diagnostics: Diagnostic[];
}

const SINGLE = ["model", "data", "loss", "train"] as const;

/** A file whose imports are being read, and the import in it being followed. */
interface ImportStep {
  file: SourceFile;
  importSpan: Span;
}

export function checkSpec(file: SourceFile, opts: CheckOptions = {}): CheckResult {
  const parsed = parseSpec(file);
  const bag = new DiagnosticBag(file, [...parsed.diagnostics]);
  if (parsed.aborted) return { ast: parsed.ast, diagnostics: bag.items };
  if (parsed.ast.items.length === 0 && parsed.broken.length === 0 && parsed.diagnostics.length === 0) {
    const onlyComments = parsed.ast.comments.length > 0;
    bag.error("MM1004", onlyComments ? "the spec holds only comments" : "the spec is empty", { start: 0, end: 0 }, onlyComments ? "no declarations in this file" : "nothing here", {
      help: "start with `model name`, then `data`, `input`, `encoder`, `loss` and `train` lines; see specs/simple.mm",
    });
    return { ast: parsed.ast, diagnostics: bag.items };
  }
  const ir = new Checker(file, parsed.ast, bag, opts, parsed.broken).run();
  const result: CheckResult = { ast: parsed.ast, diagnostics: sortDiagnostics(bag.items) };
  if (ir && !bag.hasErrors) result.ir = ir.program;
  if (ir?.info) result.dataInfo = ir.info;
  return result;
}

class Checker {
  private graph = new GraphBuilder();
  private blocks = new Map<string, BlockInfo>();
  private inputs = new Map<string, { ir: IRInput; flow: Flow }>();
  private towerDecls = new Map<string, A.TowerDecl>();
  private towerFlows = new Map<string, Flow | null>();
  private towers: IRTower[] = [];
  private visiting: string[] = [];
  /** Longest tower chain into each tower, and (while its source is read) into the one being checked. */
  private towerDepth = new Map<string, number>();
  private feeding: number[] = [];
  private reportedChain = false;
  /** Names of blocks that a syntax error broke: calls to them are not reported again. */
  private brokenBlocks = new Set<string>();
  private items: A.Item[];

  /** Texts of the spec and every file it imports, for span checks. */
  private readonly sources = new Map<string, string>();

  constructor(private file: SourceFile, private ast: A.SpecFile, private bag: DiagnosticBag, private opts: CheckOptions, private broken: BrokenItem[] = []) {
    this.sources.set(file.path, file.text);
    this.items = this.healthy(ast, broken);
  }

  /** Items a syntax error did not touch; broken ones only claim their names, silently. */
  private healthy(ast: A.SpecFile, broken: BrokenItem[]): A.Item[] {
    const starts = new Set(broken.map((b) => b.span.start));
    for (const b of broken) {
      if (!b.name) continue;
      if (b.kind === "block") this.brokenBlocks.add(b.name);
      else if ((b.kind === "input" || b.kind === "tower") && !this.names.has(b.name)) this.names.set(b.name, b.span);
    }
    return ast.items.filter((i) => !starts.has(i.span.start));
  }

  run(): { program: IRProgram; info?: DataInfo } | undefined {
    const singles = this.singleItems();
    this.collectImports(this.items, this.file, new Set([this.file.id]));
    this.collectBlocks(this.items, this.file);
    for (const need of ["model", "data", "loss"] as const) {
      if (!singles.get(need) && !this.broken.some((b) => b.kind === need)) {
        this.bag.error("MM2009", `the spec has no \`${need}\` line`, { start: 0, end: 0 }, `missing \`${need}\``, { help: MISSING_HELP[need] });
      }
    }
    const dataDecl = singles.get("data") as A.DataDecl | undefined;
    const data = dataDecl && checkData(dataDecl, this.bag);
    const info = data && this.opts.describeData ? describe(data, this.opts.describeData, this.opts.baseDir ?? ".", this.bag, this.opts.displayPath) : undefined;
    for (const item of this.items) {
      if (item.kind !== "input") continue;
      if (!this.claimName(item.name)) continue;
      const checked = checkInput(item, this.bag, this.graph, info);
      if (checked) this.inputs.set(item.name.text, checked);
    }
    for (const item of this.items) {
      if (item.kind === "tower" && this.claimName(item.name)) this.towerDecls.set(item.name.text, item);
    }
    for (const name of this.towerDecls.keys()) this.tower(name);
    const lossDecl = singles.get("loss") as A.LossDecl | undefined;
    const resolve = (n: string, s: Span) => this.resolve(n, s, this.bag);
    const inputsIr = new Map([...this.inputs].map(([k, v]) => [k, v.ir]));
    const loss: IRLossTerm[] | undefined = lossDecl && checkLoss(lossDecl.expr, { bag: this.bag, resolve, inputs: inputsIr, isTower: (n) => this.towerDecls.has(n), declared: (n) => this.names.has(n) });
    const train = checkTrain(singles.get("train") as A.TrainDecl | undefined, this.bag, info?.trainCount, info?.hasGroups, data?.groupSize, data !== undefined);
    const evaluate: IREvaluate[] = [];
    for (const item of this.items) {
      if (item.kind !== "evaluate") continue;
      const e = checkEvaluate(item, this.bag, {
        resolve,
        inputs: inputsIr,
        declared: (n) => this.names.has(n),
        inputsRead: (node) => this.inputsRead(node),
        ...(info ? { classes: info.classes, dataKind: info.kind, ...(info.words ? { words: info.words } : {}) } : {}),
      });
      if (e) evaluate.push(e);
    }
    const model = singles.get("model") as A.ModelDecl | undefined;
    if (!model || !data || !loss || !train || this.bag.hasErrors) return undefined;
    if (evaluate.length === 0) {
      const pair = loss.find((t) => t.kind !== "cross_entropy");
      if (pair) evaluate.push({ kind: "retrieval", inputs: pair.inputs, k: [1, 5, 10], span: pair.span });
    }
    const nodes = this.graph.nodes;
    const program: IRProgram = {
      version: 2,
      model: model.name.text,
      source: this.file.path,
      data,
      inputs: [...this.inputs.values()].map((i) => i.ir),
      nodes,
      scopes: this.graph.scopes,
      towers: this.towers,
      loss,
      train,
      evaluate,
      paramCount: nodes.reduce((s, n) => s + n.paramCount, 0),
      lossParamCount: loss.reduce((s, t) => s + t.paramCount, 0),
    };
    // The checker's own output must satisfy the contract every lowering relies on.
    verifyIR(program, { where: "after check", sources: this.sources });
    return info ? { program, info } : { program };
  }

  private singleItems(): Map<string, A.Item> {
    const seen = new Map<string, A.Item>();
    for (const item of this.items) {
      if (!(SINGLE as readonly string[]).includes(item.kind)) continue;
      const prev = seen.get(item.kind);
      if (prev) {
        this.bag.error("MM2016", `the spec has a second \`${item.kind}\` line`, item.span, "second one", {
          secondary: [{ span: prev.span, message: "first one" }],
          help: item.kind === "loss" ? "combine losses into one line: `loss a(...) + 0.5 * b(...)`" : `keep one \`${item.kind}\` line`,
        });
        continue;
      }
      seen.set(item.kind, item);
    }
    return seen;
  }

  private names = new Map<string, Span>();

  private claimName(n: A.Name): boolean {
    const prev = this.names.get(n.text);
    if (prev) {
      this.bag.error("MM2003", `\`${n.text}\` is defined twice`, n.span, "second definition", { secondary: [{ span: prev, message: "first definition" }], help: "rename one of them" });
      return false;
    }
    this.names.set(n.text, n.span);
    return true;
  }

  /**
   * Reads every import, depth first. `chain` holds the files whose imports are being followed
   * (outermost first) with the import in each that led here: an import of one of them is a cycle.
   */
  private collectImports(items: A.Item[], file: SourceFile, seen: Set<string>, chain: ImportStep[] = []): void {
    for (const item of items) {
      if (item.kind !== "import") continue;
      const bag = this.bag.forFile(file);
      const loaded = this.opts.loadImport ? this.opts.loadImport(item.path.value, file) : "imports need a file system (not available here)";
      if (typeof loaded === "string") {
        bag.error("MM2012", `cannot import "${item.path.value}": ${loaded}`, item.path.span, "import failed", { help: "paths are relative to this file and stay inside the project folder" });
        continue;
      }
      const files = [...chain.map((c) => c.file), file];
      const back = files.findIndex((f) => f.id === loaded.id);
      if (back >= 0) {
        this.reportImportCycle(chain.slice(back), file, item.path.span, loaded);
        continue;
      }
      if (seen.has(loaded.id)) continue; // imported already along another path (a diamond, not a cycle)
      seen.add(loaded.id);
      this.sources.set(loaded.path, loaded.text);
      const parsed = parseSpec(loaded);
      for (const d of parsed.diagnostics) this.bag.items.push(d);
      for (const b of parsed.broken) if (b.kind === "block" && b.name) this.brokenBlocks.add(b.name);
      const brokenStarts = new Set(parsed.broken.map((b) => b.span.start));
      const items = parsed.ast.items.filter((i) => !brokenStarts.has(i.span.start));
      for (const other of items) {
        if (other.kind !== "block" && other.kind !== "import") {
          this.bag.forFile(loaded).error("MM2012", `an imported file may hold only blocks and imports, not \`${other.kind === "tower" ? other.role : other.kind}\``, other.span, "not a block", {
            secondary: [{ span: item.path.span, message: "imported here", file }],
            help: "move it into the spec that imports this file",
          });
        }
      }
      this.collectImports(items, loaded, seen, [...chain, { file, importSpan: item.path.span }]);
      this.collectBlocks(items, loaded);
    }
  }

  /** `steps` run from the file imported again to the one before `file`, whose import at `span` closes the cycle. */
  private reportImportCycle(steps: ImportStep[], file: SourceFile, span: Span, again: SourceFile): void {
    const files = [...steps.map((s) => s.file), file];
    const names = [...files, again].map((f) => this.shownPath(f));
    const secondary = steps.map((s, i) => ({ span: s.importSpan, message: `imports \`${names[i + 1]}\``, file: s.file }));
    this.bag.forFile(file).error("MM2018", `import cycle: ${names.join(" -> ")}`, span, `imports \`${names[0]}\` again`, {
      secondary,
      notes: [files.length === 1 ? "a file cannot import itself" : "a file's imports are read before the file itself, so a cycle has no first file to read"],
      help: files.length === 1 ? "remove this import" : "move the blocks these files share into a new file that imports none of them",
    });
  }

  /** A file as the cycle message shows it: relative to the spec's folder when inside it (by real path), else its path. */
  private shownPath(f: SourceFile): string {
    const root = this.file.id;
    const dir = root.slice(0, Math.max(root.lastIndexOf("/"), root.lastIndexOf("\\")) + 1);
    return dir && f.id.startsWith(dir) ? f.id.slice(dir.length) : f.path;
  }

  private collectBlocks(items: A.Item[], file: SourceFile): void {
    for (const item of items) {
      if (item.kind !== "block") continue;
      const bag = this.bag.forFile(file);
      if (LAYERS.has(item.name.text)) {
        bag.error("MM2003", `block \`${item.name.text}\` has the name of a built-in layer`, item.name.span, "shadows a layer", { help: `rename it, such as \`my_${item.name.text}\`` });
        continue;
      }
      const prev = this.blocks.get(item.name.text);
      if (prev) {
        bag.error("MM2003", `block \`${item.name.text}\` is defined twice`, item.name.span, "second definition", {
          secondary: [{ span: prev.decl.name.span, message: "first definition", ...(prev.file !== file ? { file: prev.file } : {}) }],
          help: "rename one of them",
        });
        continue;
      }
      this.blocks.set(item.name.text, { decl: item, file });
    }
  }

  /** Names of the inputs that node `id`'s value is computed from (its graph ancestors of op `input`). */
  private inputsRead(id: number): string[] {
    const nodes = this.graph.nodes;
    const seen = new Set<number>();
    const names: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const node = nodes[stack.pop()!]!;
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      if (node.op === "input") names.push(node.attrs.name);
      stack.push(...node.inputs);
    }
    return names;
  }

  private resolve(name: string, span: Span, bag: DiagnosticBag): Flow | undefined {
    const input = this.inputs.get(name);
    if (input) return input.flow;
    if (this.towerDecls.has(name)) {
      const flow = this.tower(name, span, bag);
      const fed = this.feeding.length - 1;
      if (fed >= 0) this.feeding[fed] = Math.max(this.feeding[fed]!, this.towerDepth.get(name) ?? 0);
      return flow ?? undefined;
    }
    if (this.names.has(name)) return undefined; // declared but failed its own check: already reported
    const known = [...this.inputs.keys(), ...this.towerDecls.keys()];
    const suggestion = suggestionHelp(name, known);
    bag.error("MM2005", `there is no input, encoder or head named \`${name}\``, span, "unknown name", suggestion.help ? suggestion : { notes: [known.length ? `known names: ${known.join(", ")}` : "nothing is declared yet"] });
    return undefined;
  }

  private tower(name: string, useSpan?: Span, useBag?: DiagnosticBag): Flow | null {
    if (this.towerFlows.has(name)) return this.towerFlows.get(name)!;
    const decl = this.towerDecls.get(name)!;
    if (this.visiting.includes(name)) {
      (useBag ?? this.bag).error("MM2011", `\`${name}\` depends on itself`, useSpan ?? decl.name.span, "cycle", {
        notes: [`the chain is ${[...this.visiting.slice(this.visiting.indexOf(name)), name].map((n) => `\`${n}\``).join(" -> ")}`],
        help: "a tower may use only inputs and other towers that do not use it",
      });
      return null;
    }
    // The chain is measured, not the recursion: a chain too long is an error in any declaration order.
    if (this.visiting.length >= MAX_CHAIN) {
      this.chainTooDeep(name, useSpan ?? decl.name.span, useBag ?? this.bag);
      return null;
    }
    const options = checkTowerOptions(decl, this.bag);
    this.visiting.push(name);
    this.feeding.push(0);
    const firstNode = this.graph.nodes.length;
    let source = evalSource(decl.source, { bag: this.bag, graph: this.graph, tower: name, resolve: (n, s) => this.resolve(n, s, this.bag) });
    const depth = this.feeding.pop()! + 1;
    this.towerDepth.set(name, depth);
    if (source && depth > MAX_CHAIN) {
      this.chainTooDeep(name, decl.name.span, this.bag);
      source = undefined;
    }
    let out: Flow | undefined;
    if (source) {
      const bodyStart = this.graph.nodes.length;
      out = walkBody(decl.body, source, {
        bag: this.bag, env: new Map(), graph: this.graph, tower: name, depth: 1, blocks: this.blocks, brokenBlocks: this.brokenBlocks, blockStack: [],
        resolveTower: (n, s, b) => this.resolve(n, s, b), loadTfjsModel: this.opts.loadTfjsModel,
      });
      if (out && decl.declared && !this.matchesDeclared(decl, out)) out = undefined;
      if (out && options) {
        const owned = this.graph.nodes.slice(firstNode).filter((n) => n.tower === name);
        const { pretrained, update } = options;
        const load = this.opts.loadPretrained;
        if (pretrained && load) checkPretrained(towerTarget(decl, owned), pretrained, load, this.bag);
        for (const call of this.graph.pretrainedCalls) {
          if (load && call.tower === name) checkPretrained(blockCallTarget(this.graph.nodes, this.graph.scopes, call.scope, name), { from: this.graph.scopes[call.scope]!.pretrained!.from, span: call.span }, load, this.bag);
        }
        this.towers.push({
          name, role: decl.role, output: out.node, firstNode: Math.min(bodyStart, firstNode), lastNode: this.graph.nodes.length - 1,
          paramCount: owned.reduce((s, n) => s + n.paramCount, 0), span: decl.span,
          ...(update ? { update } : {}), ...(pretrained ? { pretrained: { from: pretrained.from } } : {}),
        });
      }
    }
    this.visiting.pop();
    this.towerFlows.set(name, out ?? null);
    return out ?? null;
  }

  private chainTooDeep(name: string, span: Span, bag: DiagnosticBag): void {
    if (this.reportedChain) return;
    this.reportedChain = true;
    bag.error("MM2017", `towers feed towers more than ${MAX_CHAIN} deep at \`${name}\``, span, "too deep", {
      notes: ["each encoder or head here reads the one before it, in a chain that long"],
      help: "feed the later towers from an input or an earlier tower, so that no chain is that long",
    });
  }

  private matchesDeclared(decl: A.TowerDecl, out: Flow): boolean {
    const declared = decl.declared!;
    const sizes: (number | null)[] = [];
    for (const [i, d] of declared.dims.entries()) {
      if (i === 0 && d.size.kind === "name" && d.size.name.text === "B") {
        sizes.push(null);
        continue;
      }
      const v = evaluate(d.size, new Map(), []);
      sizes.push(v?.kind === "num" ? v.value : NaN);
    }
    const got = out.type.dims;
    const ok = sameShape(got, sizes.map((s) => ({ name: null, size: s }))) && declared.dims.every((d, i) => !d.axis || d.axis.text === got[i]?.name);
    if (ok) return true;
    const last = decl.body[decl.body.length - 1];
    this.bag.error("MM3006", `\`${decl.name.text}\` is declared ${this.file.slice(declared.span)} but its body makes ${formatShape(got)}`, declared.span, "declared here", {
      secondary: last ? [{ span: last.span, message: `makes ${formatShape(got)}` }] : [],
      help: declaredHelp(got, sizes),
    });
    return false;
  }
}

function declaredHelp(got: Dim[], sizes: (number | null)[]): string {
  const declare = `declare \`-> ${formatShape(got)}\``;
  if (got.length === sizes.length) {
    const last = sizes[sizes.length - 1];
    return got.slice(0, -1).every((d, i) => d.size === sizes[i]) && last ? `end the body with \`dense(${last})\`, or ${declare}` : declare;
  }
  if (got.length === 3 && sizes.length === 2) return `pool the sequence: end the body with \`mean(over: ${got[1]!.name ?? "L"})\` or \`attention_pool()\`, or ${declare}`;
  if (got.length === 4 && sizes.length === 2) return `pool the spatial axes: end the body with \`mean(over: [${got[1]!.name ?? "H"}, ${got[2]!.name ?? "W"}])\`, or ${declare}`;
  return `${declare}, or pool/flatten to the declared rank`;
}

const MISSING_HELP = {
  model: "add a first line such as `model my_model`",
  data: "add a data line such as `data shapes(train: 8000, test: 1000)`",
  loss: "add a loss such as `loss infonce(image_enc, text_enc)`",
} as const;
