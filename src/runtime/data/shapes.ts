// `data shapes(...)`: generated two-object scenes with captions such as
// "a red circle left of a blue square". Items come in swap groups of 4 consecutive items:
//   0 original, 1 colours swapped between the objects, 2 positions swapped, 3 both,
// each captioned exactly, so a group's captions hold the same bag of words and only word
// order (binding) tells them apart. Counts are rounded UP to a multiple of 4.
import { DataError } from "./types.js";
import type { DataArgs } from "./args.js";
import { SHAPES_SPEC } from "../../ir/data/kinds.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { DATA_ERRORS } from "./errors.js";
import { Rng, rngFor } from "../../common/random.js";
import { SHAPE_NAMES, drawShape } from "./shapeDraw.js";
import { tokenize } from "./tokenizer.js";
import type { DataPlan, DataSource, LoadedData, SplitText } from "./source.js";

export const COLOURS: Record<string, readonly [number, number, number]> = {
  red: [0.9, 0.12, 0.12],
  orange: [1.0, 0.55, 0.05],
  yellow: [0.95, 0.9, 0.1],
  green: [0.1, 0.75, 0.2],
  cyan: [0.1, 0.85, 0.9],
  blue: [0.15, 0.3, 1.0],
  purple: [0.62, 0.22, 0.88],
  white: [0.95, 0.95, 0.95],
};
const COLOUR_NAMES = Object.keys(COLOURS);
export const RELATIONS = ["left of", "above"] as const;
export const GROUP_SIZE = SHAPES_SPEC.groupSize!;

/** One object: a colour and a shape index. */
interface Thing {
  colour: number;
  shape: number;
}

/** Where the first- and second-named objects sit; shared by a group's 4 items. */
interface Layout {
  relation: number;
  slots: [{ x: number; y: number; radius: number }, { x: number; y: number; radius: number }];
}

interface Group {
  layout: Layout;
  things: [Thing, Thing];
  /** A slight tint per colour of the group, so colours are not one exact RGB value. */
  tints: [[number, number, number], [number, number, number]];
}

/** The 4 (first-named, second-named) object pairs of a group, in the documented order. */
function variants(a: Thing, b: Thing): [Thing, Thing][] {
  return [
    [a, b],
    [{ colour: b.colour, shape: a.shape }, { colour: a.colour, shape: b.shape }],
    [b, a],
    [{ colour: a.colour, shape: b.shape }, { colour: b.colour, shape: a.shape }],
  ];
}

function pairName(thing: Thing): string {
  return `${COLOUR_NAMES[thing.colour]} ${SHAPE_NAMES[thing.shape]}`;
}

/** "a red circle", "an orange ring": the article swaps with the colour, so a swap group's
 * captions still hold the same bag of words. */
function described(thing: Thing): string {
  const name = pairName(thing);
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}

function caption(relation: number, first: Thing, second: Thing): string {
  return `${described(first)} ${RELATIONS[relation]} ${described(second)}`;
}

function parseHoldout(pairs: string[]): Set<string> {
  const held = new Set<string>();
  for (const pair of pairs) {
    const words = tokenize(pair);
    const [colour, shape] = words;
    const valid = words.length === 2 && COLOUR_NAMES.includes(colour!) && (SHAPE_NAMES as readonly string[]).includes(shape!);
    if (!valid) {
      const all = COLOUR_NAMES.flatMap((c) => SHAPE_NAMES.map((s) => `${c} ${s}`));
      throw new DataError(
        DATA_ERRORS.badArg,
        `holdout pair "${pair}" is not "<colour> <shape>" with colour in ${COLOUR_NAMES.join(", ")} and shape in ${SHAPE_NAMES.join(", ")}`,
        undefined,
        undefined,
        didYouMean(pair, all),
      );
    }
    held.add(`${colour} ${shape}`);
  }
  return held;
}

/**
 * Every (object a, object b) choice with different colours and different shapes, so that
 * each swap really changes the meaning; filtered by the held-out pairs for one split.
 */
function objectChoices(held: Set<string>, split: "train" | "test"): [Thing, Thing][] {
  const choices: [Thing, Thing][] = [];
  for (let ca = 0; ca < COLOUR_NAMES.length; ca++)
    for (let cb = 0; cb < COLOUR_NAMES.length; cb++)
      for (let sa = 0; sa < SHAPE_NAMES.length; sa++)
        for (let sb = 0; sb < SHAPE_NAMES.length; sb++) {
          if (ca === cb || sa === sb) continue;
          const a = { colour: ca, shape: sa };
          const b = { colour: cb, shape: sb };
          // A group shows all four colour-shape combinations of its two objects.
          const touchesHoldout = variants(a, b).some(([x, y]) => held.has(pairName(x)) || held.has(pairName(y)));
          if (split === "train" ? !touchesHoldout : held.size === 0 || touchesHoldout) choices.push([a, b]);
        }
  if (choices.length === 0) {
    throw new DataError(DATA_ERRORS.badArg, `holdout leaves no scenes for the ${split} split: hold out fewer pairs`);
  }
  return choices;
}

/** Positions in units of the image size: objects on opposite halves, a little jitter. */
function sampleLayout(rng: Rng, size: number): Layout {
  const relation = rng.int(RELATIONS.length);
  const slot = (along: number) => {
    const main = (along + rng.uniform(-0.047, 0.047)) * size;
    const cross = (0.5 + rng.uniform(-0.094, 0.094)) * size;
    const radius = rng.uniform(0.14, 0.19) * size;
    return relation === 0 ? { x: main, y: cross, radius } : { x: cross, y: main, radius };
  };
  return { relation, slots: [slot(0.25), slot(0.75)] };
}

function sampleTint(rng: Rng, colour: number): [number, number, number] {
  const base = COLOURS[COLOUR_NAMES[colour]!]!;
  return base.map((v) => Math.min(1, Math.max(0, v + rng.uniform(-0.06, 0.06)))) as [number, number, number];
}

function sampleGroups(rng: Rng, count: number, size: number, choices: [Thing, Thing][]): Group[] {
  const groups: Group[] = [];
  for (let g = 0; g < count / GROUP_SIZE; g++) {
    const things = rng.pick(choices);
    const layout = sampleLayout(rng, size);
    groups.push({ layout, things, tints: [sampleTint(rng, things[0].colour), sampleTint(rng, things[1].colour)] });
  }
  return groups;
}

function groupsToText(groups: Group[]): SplitText {
  const count = groups.length * GROUP_SIZE;
  const captions: string[] = [];
  const labels = new Int32Array(count);
  const groupIds = new Int32Array(count);
  groups.forEach((group, g) => {
    variants(...group.things).forEach(([first, second], v) => {
      const item = g * GROUP_SIZE + v;
      captions.push(caption(group.layout.relation, first, second));
      labels[item] = first.shape;
      groupIds[item] = g;
    });
  });
  return { captions, labels, groups: groupIds };
}

function render(groups: Group[], size: number): Float32Array {
  const pixelsPerImage = size * size * 3;
  const images = new Float32Array(groups.length * GROUP_SIZE * pixelsPerImage); // black background
  groups.forEach((group, g) => {
    const tintOf = (thing: Thing) => (thing.colour === group.things[0].colour ? group.tints[0] : group.tints[1]);
    variants(...group.things).forEach((pair, v) => {
      const offset = (g * GROUP_SIZE + v) * pixelsPerImage;
      pair.forEach((thing, s) => {
        const { x, y, radius } = group.layout.slots[s]!;
        drawShape(images, offset, size, thing.shape, x, y, radius, tintOf(thing));
      });
    });
  });
  return images;
}

interface ShapesSampled {
  size: number;
  train: Group[];
  test: Group[];
}

function sample(args: DataArgs): ShapesSampled {
  const seed = args.number("seed");
  const size = args.number("size");
  const held = parseHoldout(args.strings("holdout"));
  const roundUp = (n: number) => Math.ceil(n / GROUP_SIZE) * GROUP_SIZE;
  return {
    size,
    train: sampleGroups(rngFor(seed, "shapes/train"), roundUp(args.number("train")), size, objectChoices(held, "train")),
    test: sampleGroups(rngFor(seed, "shapes/test"), roundUp(args.number("test")), size, objectChoices(held, "test")),
  };
}

function planOf(sampled: ShapesSampled): DataPlan {
  return {
    imageSize: [sampled.size, sampled.size, 3],
    classes: [...SHAPE_NAMES],
    hasGroups: true,
    train: groupsToText(sampled.train),
    test: groupsToText(sampled.test),
  };
}

export const shapesSource: DataSource = {
  spec: SHAPES_SPEC,
  describe(args: DataArgs): DataPlan {
    return planOf(sample(args));
  },
  load(args: DataArgs): LoadedData {
    const sampled = sample(args);
    const plan = planOf(sampled);
    return {
      ...plan,
      train: { ...plan.train, images: render(sampled.train, sampled.size) },
      test: { ...plan.test, images: render(sampled.test, sampled.size) },
    };
  },
};
