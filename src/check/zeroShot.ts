// `evaluate zero_shot(image_enc, text_enc, templates: ["a photo of a {}", "a {} shape"])`:
// classifies each test image by the class whose prompts the text tower embeds closest (as
// CLIP does), so the check makes sure that can run: two towers of one width, a text tower
// that reads nothing but text, templates that each hold `{}`, and data that names classes.
import type * as A from "../ast/nodes.js";
import type { BoundArgs, ArgSpec } from "../common/arg-schema.js";
import type { IREvaluate } from "../ir/ir.js";
import type { Span } from "../source/source.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { Value } from "./values.js";
import { embeddingPair, type EvaluateContext } from "./evaluations.js";
import { promptWordGaps, quotedFew } from "../ir/data/prompt-words.js";

/** Where a template puts the class name. */
export const CLASS_SLOT = "{}";
/** The prompt when a spec gives no templates: the class name in a short phrase. */
export const DEFAULT_TEMPLATES = ["a {}"];
/** Top-k accuracies reported (top-5 is capped at the class count at run time). */
export const ZERO_SHOT_K = [1, 5];

export const ZERO_SHOT_ARGS: ArgSpec[] = [
  { name: "a", type: { t: "name" }, positional: true, required: true, doc: "image-side embedding tower" },
  { name: "b", type: { t: "name" }, positional: true, required: true, doc: "text-side embedding tower: embeds each class's prompts" },
  { name: "templates", type: { t: "any" }, doc: `prompt templates, \`${CLASS_SLOT}\` standing for the class name (default ["a {}"])` },
];

const TEMPLATE_EXAMPLE = `templates: ["a photo of a ${CLASS_SLOT}", "a ${CLASS_SLOT} shape"]`;

function checkTemplates(value: Value | undefined, span: Span, bag: DiagnosticBag): string[] | undefined {
  if (value === undefined) return DEFAULT_TEMPLATES;
  if (value.kind !== "list" || !value.items.every((item) => item.kind === "str")) {
    bag.error("MM2007", "`templates` of `zero_shot` must be a list of strings", value.span, "expected a list of strings", { help: `write ${TEMPLATE_EXAMPLE}` });
    return undefined;
  }
  if (value.items.length === 0) {
    bag.error("MM4010", "`templates` of `zero_shot` is empty: each class needs at least one prompt", span, "no templates", { help: `write ${TEMPLATE_EXAMPLE}, or leave \`templates\` out for ["a {}"]` });
    return undefined;
  }
  let ok = true;
  for (const item of value.items as Extract<Value, { kind: "str" }>[]) {
    if (item.value.includes(CLASS_SLOT)) continue;
    ok = false;
    bag.error("MM4010", `the prompt template "${item.value}" has no \`${CLASS_SLOT}\` for the class name, so every class would get the same prompt`, item.span, `no \`${CLASS_SLOT}\``, {
      help: `mark where the class name goes: "${item.value.trim() === "" ? CLASS_SLOT : `${item.value.trim()} ${CLASS_SLOT}`}"`,
    });
  }
  return ok ? (value.items as Extract<Value, { kind: "str" }>[]).map((item) => item.value) : undefined;
}

/** The prompts go through the text tower alone, the test images through the image tower alone. */
function checkTowerInputs(args: BoundArgs, nodes: [number, number], bag: DiagnosticBag, ctx: EvaluateContext): boolean {
  if (!ctx.inputsRead) return true;
  const kindOf = (name: string) => ctx.inputs.get(name)?.kind;
  const sides = [
    { arg: "a", node: nodes[0], wants: "image", role: "each test image is embedded without its caption" },
    { arg: "b", node: nodes[1], wants: "tokens", role: "the class prompts are embedded without an image" },
  ] as const;
  for (const side of sides) {
    const other = ctx.inputsRead(side.node).find((name) => kindOf(name) !== side.wants);
    if (other === undefined) continue;
    const tower = args.get<{ name: string; span: Span }>(side.arg);
    bag.error("MM3017", `zero-shot needs \`${tower.name}\` to read only ${side.wants === "image" ? "images" : "text"}, but it also reads the input \`${other}\``, tower.span, `reads \`${other}\``, {
      notes: [side.role],
      help: "pass the two encoders that the contrastive loss compares, before any fusion",
    });
    return false;
  }
  return true;
}

function checkClasses(ctx: EvaluateContext, span: Span, bag: DiagnosticBag): boolean {
  if (ctx.classes === undefined || ctx.classes.length >= 2) return true;
  const none = ctx.classes.length === 0;
  bag.error("MM4011", `zero-shot classifies the test images into the data's classes, but this \`${ctx.dataKind ?? "data"}\` data ${none ? "has no class names" : `has only one class ("${ctx.classes[0]}")`}`, span, none ? "no classes" : "one class", {
    help: ctx.dataKind === "files" ? 'name the manifest\'s label column: `data files(..., label_key: "label")`' : "use data with at least two named classes (shapes, emoji, or files with `label_key`)",
  });
  return false;
}

/** Prompt words the vocabulary lacks become <unk>: a warning, since the run still works but says less. */
function checkPromptWords(templates: string[], span: Span, bag: DiagnosticBag, ctx: EvaluateContext): void {
  if (!ctx.words || !ctx.classes) return;
  const vocabulary = new Set(ctx.words);
  const gaps = promptWordGaps(ctx.classes, templates, (word) => vocabulary.has(word), CLASS_SLOT);
  if (gaps.classWords.length === 0 && gaps.templateWords.length === 0) return;
  const words = (n: number, of: string) => (n ? `${n} word${n > 1 ? "s" : ""} of the ${of}` : "");
  const parts = [words(gaps.classWords.length, "class names"), words(gaps.templateWords.length, "templates")].filter(Boolean);
  const notes = ["prompts are tokenised with the training captions' vocabulary; an unknown word becomes <unk>"];
  if (gaps.classWords.length) notes.push(`unknown class-name words: ${quotedFew(gaps.classWords)}`);
  if (gaps.unseenClasses.length) {
    notes.push(`${gaps.unseenClasses.length} of ${ctx.classes.length} classes have no known word, so their prompts are all alike and zero-shot cannot tell them apart: ${quotedFew(gaps.unseenClasses)}`);
  }
  if (gaps.templateWords.length) notes.push(`unknown template words (the same <unk> in every class's prompt): ${quotedFew(gaps.templateWords)}`);
  bag.warning("MM4016", `${parts.join(" and ")} ${gaps.classWords.length + gaps.templateWords.length > 1 ? "are" : "is"} not in the data's vocabulary`, span, "unknown prompt words", {
    notes,
    help: "write templates in words the captions use; classes named in other words are scored, but only through their known words",
  });
}

export function checkZeroShot(decl: A.EvaluateDecl, args: BoundArgs, bag: DiagnosticBag, ctx: EvaluateContext): IREvaluate | undefined {
  const pair = embeddingPair("zero_shot", args, decl, bag, ctx.resolve);
  const templates = checkTemplates(args.get<Value | undefined>("templates"), args.span("templates"), bag);
  const classesOk = checkClasses(ctx, decl.call.span, bag);
  if (!pair || !templates || !classesOk) return undefined;
  const nodes: [number, number] = [pair[0].node, pair[1].node];
  if (!checkTowerInputs(args, nodes, bag, ctx)) return undefined;
  checkPromptWords(templates, decl.call.span, bag, ctx);
  return { kind: "zero_shot", inputs: nodes, k: ZERO_SHOT_K, templates, span: decl.span };
}
