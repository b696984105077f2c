// `data emoji(...)`: real drawings with real names. Sprite sheets from npm
// emoji-datasource-google (Noto, Apache-2.0) and emoji-datasource-twitter (Twemoji,
// CC-BY-4.0), joined by code point with emojibase-data's official English names. Train
// on one artist's drawings and test on the other's: item i of both splits is the same
// emoji, so test retrieval asks whether the model learned concepts, not one artist's pixels.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PNG } from "pngjs";
import { DataError } from "./types.js";
import type { DataArgs } from "./args.js";
import { EMOJI_ARTISTS, EMOJI_SPEC } from "../../ir/data/kinds.js";
import { DATA_ERRORS } from "./errors.js";
import { rngFor } from "../../common/random.js";
import { resizeArea, rgbaToRgb } from "./image.js";
import type { DataPlan, DataSource, LoadedData, SplitText } from "./source.js";

export type Artist = (typeof EMOJI_ARTISTS)[number];
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
  category: string;
  skin_variations?: Record<string, SheetEntry>;
}
interface EmojibaseEmoji {
  label: string;
  hexcode: string;
  skins?: { label: string; hexcode: string }[];
}

export interface EmojiItem {
  name: string;
  category: number;
  /** Cell position per artist. */
  cells: Record<Artist, { x: number; y: number }>;
}

export interface EmojiCatalog {
  categories: string[];
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
    for (const variant of Object.values(base.skin_variations ?? {})) entries.set(variant.unified, { ...variant, category: base.category });
  }
  return entries;
}

function englishNames(): Map<string, string> {
  const data = readJson<EmojibaseEmoji[]>(join(packageDir("emojibase-data"), "en", "data.json"));
  const names = new Map<string, string>();
  for (const emoji of data) {
    for (const entry of [emoji, ...(emoji.skins ?? [])]) names.set(withoutVariationSelector(entry.hexcode), entry.label);
  }
  return names;
}

let catalogCache: EmojiCatalog | undefined;

/** Emoji drawn by both artists and named by emojibase, in emoji-datasource's order. */
export function emojiCatalog(): EmojiCatalog {
  if (catalogCache) return catalogCache;
  const noto = sheetEntries("noto");
  const twemoji = sheetEntries("twemoji");
  const names = englishNames();
  const categories = Object.keys(readJson<Record<string, unknown>>(join(packageDir("emoji-datasource-google"), "categories.json")));
  const items: EmojiItem[] = [];
  for (const [code, google] of noto) {
    const twitter = twemoji.get(code);
    const name = names.get(withoutVariationSelector(code));
    if (!twitter || !name || !google.has_img_google || !twitter.has_img_twitter) continue;
    let category = categories.indexOf(google.category);
    if (category < 0) category = categories.push(google.category) - 1;
    items.push({
      name,
      category,
      cells: { noto: { x: google.sheet_x, y: google.sheet_y }, twemoji: { x: twitter.sheet_x, y: twitter.sheet_y } },
    });
  }
  catalogCache = { categories, items };
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

function text(items: EmojiItem[]): SplitText {
  return { captions: items.map((item) => item.name), labels: Int32Array.from(items, (item) => item.category) };
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

function plan(items: EmojiItem[], size: number): DataPlan {
  return {
    imageSize: [size, size, 3],
    classes: emojiCatalog().categories,
    hasGroups: false,
    train: text(items),
    test: text(items),
  };
}

export const emojiSource: DataSource = {
  spec: EMOJI_SPEC,
  describe(args: DataArgs): DataPlan {
    return plan(chooseItems(args), args.number("size"));
  },
  load(args: DataArgs): LoadedData {
    const items = chooseItems(args);
    const size = args.number("size");
    const described = plan(items, size);
    return {
      ...described,
      train: { ...described.train, images: render(items, args.string("train") as Artist, size) },
      test: { ...described.test, images: render(items, args.string("test") as Artist, size) },
    };
  },
};
