// `data emoji(...)`: real drawings with real names. Sprite sheets from npm
// emoji-datasource-google (Noto, Apache-2.0) and emoji-datasource-twitter (Twemoji,
// CC-BY-4.0), joined by code point with emojibase-data's official English names. Train
// on one artist's drawings and test on the other's: item i of both splits is the same
// emoji, so test retrieval asks whether the model learned concepts, not one artist's pixels.
// Each emoji's class is its emojibase group ("smileys & emotion") or subgroup ("face smiling").
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PNG } from "pngjs";
import { DataError } from "./types.js";
import type { DataArgs } from "./args.js";
import { EMOJI_ARTISTS, EMOJI_CLASS_LEVELS, EMOJI_SPEC } from "../../ir/data/kinds.js";
import { DATA_ERRORS } from "./errors.js";
import { rngFor } from "../../common/random.js";
import { resizeArea, rgbaToRgb } from "./image.js";
import type { DataPlan, DataSource, LoadedData, SplitText } from "./source.js";

export type Artist = (typeof EMOJI_ARTISTS)[number];
export type ClassLevel = (typeof EMOJI_CLASS_LEVELS)[number];
/** The emoji-datasource package (and image folder) of each artist. */
const ARTISTS: Record<Artist, string> = { noto: "google", twemoji: "twitter" };

/** Cell sizes the packages ship sheets for; each cell has 1 px of padding on every side. */
const SHEET_CELL_SIZES = [16, 20, 32, 64];
const CELL_PADDING = 1;

interface SheetEntry {
  unified: string;
  sheet_x: number;
  sheet_y: number;
  has_img_google?: boolean;
  has_img_twitter?: boolean;
}
interface DatasourceEmoji extends SheetEntry {
  skin_variations?: Record<string, SheetEntry>;
}
interface EmojibaseEntry {
  label: string;
  hexcode: string;
  group?: number;
  subgroup?: number;
}
interface EmojibaseEmoji extends EmojibaseEntry {
  skins?: EmojibaseEntry[];
}
/** emojibase-data/meta/groups.json: group and subgroup keys ("face-smiling") by number. */
interface EmojibaseGroups {
  groups: Record<string, string>;
  subgroups: Record<string, string>;
}
/** emojibase-data/en/messages.json: the English names of the groups. */
interface EmojibaseMessages {
  groups: { key: string; message: string }[];
}

/** emojibase's English name, group and subgroup of one emoji (a skin tone inherits its base's). */
interface EmojiNaming {
  label: string;
  group: number;
  subgroup: number;
}

export interface EmojiItem {
  name: string;
  /** Index into the catalog's `groups` and `subgroups`. */
  group: number;
  subgroup: number;
  /** Cell position per artist. */
  cells: Record<Artist, { x: number; y: number }>;
}

export interface EmojiCatalog {
  /** Class names per level, in emojibase's order; only those some catalog emoji belongs to. */
  groups: string[];
  subgroups: string[];
  items: EmojiItem[];
}

const requireFromHere = createRequire(import.meta.url);

function packageDir(name: string): string {
  try {
    return dirname(requireFromHere.resolve(`${name}/package.json`));
  } catch {
    throw new DataError(DATA_ERRORS.assetsMissing, `data emoji needs the npm package ${name}, which is not installed`, undefined, undefined, `npm install ${name}`);
  }
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Emojibase and emoji-datasource disagree on FE0F (variation selector) in some codes. */
function withoutVariationSelector(code: string): string {
  return code
    .toUpperCase()
    .split("-")
    .filter((part) => part !== "FE0F")
    .join("-");
}

/** Every sheet entry (base emoji and skin-tone variants) of one artist, by code point. */
function sheetEntries(artist: Artist): Map<string, DatasourceEmoji> {
  const emoji = readJson<DatasourceEmoji[]>(join(packageDir(`emoji-datasource-${ARTISTS[artist]}`), "emoji.json"));
  const entries = new Map<string, DatasourceEmoji>();
  for (const base of emoji) {
    entries.set(base.unified, base);
    for (const variant of Object.values(base.skin_variations ?? {})) entries.set(variant.unified, variant);
  }
  return entries;
}

/** emojibase's naming of every emoji with a group, by code point without FE0F. */
function emojibaseNaming(): Map<string, EmojiNaming> {
  const data = readJson<EmojibaseEmoji[]>(join(packageDir("emojibase-data"), "en", "data.json"));
  const naming = new Map<string, EmojiNaming>();
  for (const emoji of data) {
    for (const entry of [emoji, ...(emoji.skins ?? [])]) {
      const group = entry.group ?? emoji.group;
      const subgroup = entry.subgroup ?? emoji.subgroup;
      if (group === undefined || subgroup === undefined) continue;
      naming.set(withoutVariationSelector(entry.hexcode), { label: entry.label, group, subgroup });
    }
  }
  return naming;
}

/** "face-smiling" -> "face smiling": a subgroup key as words a prompt template can hold. */
export function readableSubgroup(key: string): string {
  return key.split("-").join(" ");
}

/** English names of emojibase's groups and subgroups, by their numbers. */
function classNames(): { groups: Map<number, string>; subgroups: Map<number, string> } {
  const dir = packageDir("emojibase-data");
  const meta = readJson<EmojibaseGroups>(join(dir, "meta", "groups.json"));
  const messages = new Map(readJson<EmojibaseMessages>(join(dir, "en", "messages.json")).groups.map((g) => [g.key, g.message]));
  const numbered = (keys: Record<string, string>, name: (key: string) => string) => new Map(Object.entries(keys).map(([n, key]) => [Number(n), name(key)]));
  return {
    groups: numbered(meta.groups, (key) => messages.get(key) ?? readableSubgroup(key)),
    subgroups: numbered(meta.subgroups, readableSubgroup),
  };
}

/** Renumbers used class numbers 0..n-1 in emojibase's order; returns the names in that order. */
function compactClasses(items: { group: number; subgroup: number }[], level: "group" | "subgroup", names: Map<number, string>): string[] {
  const used = [...new Set(items.map((item) => item[level]))].sort((a, b) => a - b);
  const index = new Map(used.map((number, i) => [number, i]));
  for (const item of items) item[level] = index.get(item[level])!;
  return used.map((number) => {
    const name = names.get(number);
    if (name === undefined) throw new DataError(DATA_ERRORS.assetsMissing, `emojibase-data names no ${level} ${number}`, undefined, undefined, "reinstall emojibase-data: npm install");
    return name;
  });
}

let catalogCache: EmojiCatalog | undefined;

/** Emoji drawn by both artists and named and grouped by emojibase, in emoji-datasource's order. */
export function emojiCatalog(): EmojiCatalog {
  if (catalogCache) return catalogCache;
  const noto = sheetEntries("noto");
  const twemoji = sheetEntries("twemoji");
  const naming = emojibaseNaming();
  const items: EmojiItem[] = [];
  for (const [code, google] of noto) {
    const twitter = twemoji.get(code);
    const named = naming.get(withoutVariationSelector(code));
    if (!twitter || !named || !google.has_img_google || !twitter.has_img_twitter) continue;
    items.push({
      name: named.label,
      group: named.group,
      subgroup: named.subgroup,
      cells: { noto: { x: google.sheet_x, y: google.sheet_y }, twemoji: { x: twitter.sheet_x, y: twitter.sheet_y } },
    });
  }
  const names = classNames();
  const groups = compactClasses(items, "group", names.groups);
  const subgroups = compactClasses(items, "subgroup", names.subgroups);
  catalogCache = { groups, subgroups, items };
  return catalogCache;
}

interface Sheet {
  cellSize: number;
  width: number;
  height: number;
  rgba: Uint8Array;
}

const sheetCache = new Map<string, Sheet>();

/** The smallest sheet whose cells are at least `size` (fewer pixels to decode and resize). */
function sheetCellSizeFor(size: number): number {
  return SHEET_CELL_SIZES.find((cell) => cell >= size) ?? SHEET_CELL_SIZES[SHEET_CELL_SIZES.length - 1]!;
}

/** Decodes one artist's sheet once per process. */
function loadSheet(artist: Artist, cellSize: number): Sheet {
  const vendor = ARTISTS[artist];
  const path = join(packageDir(`emoji-datasource-${vendor}`), "img", vendor, "sheets", `${cellSize}.png`);
  const cached = sheetCache.get(path);
  if (cached) return cached;
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch (error) {
    throw new DataError(DATA_ERRORS.assetsMissing, `cannot read the ${artist} emoji sheet: ${(error as Error).message}`, path);
  }
  const sheet = { cellSize, width: png.width, height: png.height, rgba: png.data };
  sheetCache.set(path, sheet);
  return sheet;
}

/** One cell's RGBA bytes, skipping the padding between cells. */
function cropCell(sheet: Sheet, cellX: number, cellY: number): Uint8Array {
  const stride = sheet.cellSize + 2 * CELL_PADDING;
  const left = cellX * stride + CELL_PADDING;
  const top = cellY * stride + CELL_PADDING;
  const out = new Uint8Array(sheet.cellSize * sheet.cellSize * 4);
  for (let y = 0; y < sheet.cellSize; y++) {
    const from = ((top + y) * sheet.width + left) * 4;
    out.set(sheet.rgba.subarray(from, from + sheet.cellSize * 4), y * sheet.cellSize * 4);
  }
  return out;
}

function chooseItems(args: DataArgs): EmojiItem[] {
  const items = rngFor(args.number("seed"), "emoji/order").shuffle([...emojiCatalog().items]);
  const limit = args.optionalNumber("limit");
  return limit === undefined ? items : items.slice(0, limit);
}

function text(items: EmojiItem[], level: ClassLevel): SplitText {
  return { captions: items.map((item) => item.name), labels: Int32Array.from(items, (item) => item[level]) };
}

function render(items: EmojiItem[], artist: Artist, size: number): Float32Array {
  const sheet = loadSheet(artist, sheetCellSizeFor(size));
  const pixelsPerImage = size * size * 3;
  const images = new Float32Array(items.length * pixelsPerImage);
  items.forEach((item, i) => {
    const { x, y } = item.cells[artist];
    const cell = rgbaToRgb(cropCell(sheet, x, y), sheet.cellSize, sheet.cellSize);
    images.set(resizeArea(cell, size, size).pixels, i * pixelsPerImage);
  });
  return images;
}

function plan(items: EmojiItem[], args: DataArgs): DataPlan {
  const level = args.string("classes") as ClassLevel;
  const size = args.number("size");
  const catalog = emojiCatalog();
  return {
    imageSize: [size, size, 3],
    classes: level === "group" ? catalog.groups : catalog.subgroups,
    hasGroups: false,
    train: text(items, level),
    test: text(items, level),
  };
}

export const emojiSource: DataSource = {
  spec: EMOJI_SPEC,
  describe(args: DataArgs): DataPlan {
    return plan(chooseItems(args), args);
  },
  load(args: DataArgs): LoadedData {
    const items = chooseItems(args);
    const size = args.number("size");
    const described = plan(items, args);
    return {
      ...described,
      train: { ...described.train, images: render(items, args.string("train") as Artist, size) },
      test: { ...described.test, images: render(items, args.string("test") as Artist, size) },
    };
  },
};
