// The words after a tower's header: `from "runs/pre/model"` (initial weights from an earlier
// run), `frozen` (never updated) and `lr_scale 0.1` (updated at a tenth of the learning rate).
import type * as A from "../ast/nodes.js";
import type { TowerPretrained, TowerUpdate } from "../ir/ir.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import type { Span } from "../source/source.js";

export const TOWER_OPTIONS = {
  from: "initial weights from an earlier run's model folder, matched by name and shape: `from \"runs/pretrain/model\"`; after a block call, that call's weights only (from the run's same call of the block)",
  frozen: "the tower's weights never change: no gradient, no optimizer state; its layers run as at inference",
  lr_scale: "the tower trains at this multiple of the learning rate: `lr_scale 0.1`; 0 changes nothing, as `frozen` (which also skips the gradient)",
} as const;
type OptionName = keyof typeof TOWER_OPTIONS;

export interface TowerOptions {
  update?: TowerUpdate;
  pretrained?: TowerPretrained & { span: Span };
}

const isOption = (w: string): w is OptionName => Object.hasOwn(TOWER_OPTIONS, w);

/** The options as the IR takes them; undefined after an error (reported). */
export function checkTowerOptions(decl: A.TowerDecl, bag: DiagnosticBag): TowerOptions | undefined {
  const seen = new Map<OptionName, A.TowerOption>();
  let ok = true;
  for (const o of decl.options) {
    const word = o.name.text;
    if (!isOption(word)) {
      bag.error("MM2015", `a tower has no option \`${word}\``, o.name.span, "unknown option", {
        notes: [`a tower's options, between its header and \`{\`: ${Object.keys(TOWER_OPTIONS).map((k) => `\`${k}\``).join(", ")}`],
        ...suggestionHelp(word, Object.keys(TOWER_OPTIONS)),
      });
      ok = false;
      continue;
    }
    if (givenTwice(seen, word, o, bag)) {
      ok = false;
      continue;
    }
    if (!valueFits(word, o, bag)) ok = false;
  }
  const frozen = seen.get("frozen");
  const scale = seen.get("lr_scale");
  if (frozen && scale) {
    bag.error("MM4005", "a tower is either `frozen` or trained at `lr_scale`, not both", scale.span, "scales updates", {
      secondary: [{ span: frozen.span, message: "no updates" }],
      help: "keep `frozen` to lock the tower, or `lr_scale` to train it slowly",
    });
    ok = false;
  }
  if (!ok) return undefined;
  const out: TowerOptions = {};
  if (frozen) out.update = { kind: "frozen" };
  if (scale) out.update = { kind: "scaled", lrScale: scale.value!.value as number };
  const from = seen.get("from");
  if (from) out.pretrained = { from: from.value!.value as string, span: from.value!.span };
  return out;
}

function valueFits(word: OptionName, o: A.TowerOption, bag: DiagnosticBag): boolean {
  const v = o.value;
  switch (word) {
    case "frozen":
      if (!v) return true;
      bag.error("MM2007", "`frozen` takes no value", v.span, "remove this", { help: "write `frozen` alone" });
      return false;
    case "from":
      if (v?.kind === "string" && v.value.trim()) return true;
      bag.error("MM2007", "`from` needs the path of an earlier run's model folder, in quotes", v?.span ?? o.span, v ? "not a path" : "no path", {
        help: "such as `from \"../runs/pretrain/model\"` (relative to this spec's folder)",
      });
      return false;
    case "lr_scale":
      if (v?.kind === "number") return true;
      bag.error("MM2007", "`lr_scale` needs a number, the multiple of the learning rate", v?.span ?? o.span, v ? "not a number" : "no value", { help: "such as `lr_scale 0.1`" });
      return false;
  }
}

/**
 * The words after a call in a tower's body: a block call takes `from`, only in the tower
 * itself (inside a block declaration the path would mean every call of that block); a layer
 * takes the words its definition lists (`tfjs_model(...) frozen`). Undefined after an error
 * (reported).
 */
export function checkCallOptions(options: A.TowerOption[], callee: string, isBlock: boolean, insideBlock: boolean, bag: DiagnosticBag, layerOptions: readonly string[] = []): { pretrained?: { from: string; span: Span }; frozen?: boolean } | undefined {
  if (!options.length) return {};
  const first = options[0]!;
  if (!isBlock && layerOptions.length) return checkLayerOptions(options, callee, layerOptions, bag);
  if (!isBlock || insideBlock) {
    bag.error("MM2015", isBlock ? "`from` may follow a block call in a tower's body, not one inside a block" : `a layer call takes no options, and \`${callee}\` is a layer`, first.span, "not here", {
      help: isBlock ? "put `from` on the call of the outer block in the tower" : "put `from` on the tower (its whole weights) or on a block call (that block's weights)",
    });
    return undefined;
  }
  let ok = true;
  for (const o of options) {
    if (o.name.text === "from") continue;
    bag.error("MM2015", `a block call takes only \`from\`, not \`${o.name.text}\``, o.name.span, "not here", {
      ...(o.name.text === "frozen" || o.name.text === "lr_scale" ? { help: `\`${o.name.text}\` belongs on the tower, after its header` } : suggestionHelp(o.name.text, ["from"]).help ? suggestionHelp(o.name.text, ["from"]) : { help: "write `from \"runs/NAME/model\"` after the call" }),
    });
    ok = false;
  }
  const froms = options.filter((o) => o.name.text === "from");
  if (froms.length > 1) {
    bag.error("MM2006", "option `from` is given twice", froms[1]!.span, "second one", { secondary: [{ span: froms[0]!.span, message: "first one" }], help: "keep one" });
    ok = false;
  }
  const from = froms[0];
  if (from && !valueFits("from", from, bag)) ok = false;
  if (!ok) return undefined;
  return from ? { pretrained: { from: from.value!.value as string, span: from.value!.span } } : {};
}

/** The words after a layer call that takes some (`frozen`, the only one so far): each once, without a value. */
function checkLayerOptions(options: A.TowerOption[], callee: string, allowed: readonly string[], bag: DiagnosticBag): { frozen?: boolean } | undefined {
  let ok = true;
  const seen = new Map<string, A.TowerOption>();
  for (const o of options) {
    const word = o.name.text;
    if (!allowed.includes(word)) {
      bag.error("MM2015", `\`${callee}\` takes only ${allowed.map((w) => `\`${w}\``).join(", ")} after its call, not \`${word}\``, o.name.span, "not here", {
        ...(word === "from" ? { help: `\`${callee}\` reads its weights from its own file; \`from\` belongs on a tower or a block call` } : word === "lr_scale" ? { help: "`lr_scale` belongs on the tower, after its header" } : suggestionHelp(word, [...allowed])),
      });
      ok = false;
      continue;
    }
    if (givenTwice(seen, word, o, bag)) {
      ok = false;
      continue;
    }
    if (o.value) {
      bag.error("MM2007", `\`${word}\` takes no value`, o.value.span, "remove this", { help: `write \`${word}\` alone` });
      ok = false;
    }
  }
  return ok ? (seen.has("frozen") ? { frozen: true } : {}) : undefined;
}

/** Records option `o` under `word`; a second one of the same word is MM2006 (true). */
function givenTwice<K extends string>(seen: Map<K, A.TowerOption>, word: K, o: A.TowerOption, bag: DiagnosticBag): boolean {
  const prev = seen.get(word);
  if (prev) {
    bag.error("MM2006", `option \`${word}\` is given twice`, o.span, "second one", { secondary: [{ span: prev.span, message: "first one" }], help: "keep one" });
    return true;
  }
  seen.set(word, o);
  return false;
}
