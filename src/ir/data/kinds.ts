// The data kinds a spec can name in `data kind(...)`, with each argument's type, default
// and meaning. Pure data (no Node imports), so the language checker can use it in the
// browser too: for did-you-mean on names, type errors and hover docs.
import type { DataArgSpec, KindSpec } from "./schema.js";

export type { DataArgSpec, KindSpec };

/** Emoji artists: Noto (Google, Apache-2.0) and Twemoji (Twitter, CC-BY-4.0). */
export const EMOJI_ARTISTS = ["noto", "twemoji"] as const;
/** What an emoji's class is: its emojibase group (10, "smileys & emotion") or subgroup (~100, "face smiling"). */
export const EMOJI_CLASS_LEVELS = ["group", "subgroup"] as const;

export const SHAPES_SPEC: KindSpec = {
  doc: "Generated 2-object scenes (8 colours x 6 shapes, left of / above) in swap groups of 4",
  groupSize: 4,
  args: {
    train: { type: { t: "int", min: 1 }, default: 8000, doc: "training items (rounded up to a multiple of 4)" },
    test: { type: { t: "int", min: 1 }, default: 1000, doc: "test items (rounded up to a multiple of 4)" },
    seed: { type: { t: "int" }, default: 7, doc: "random seed; the data are a pure function of it" },
    size: { type: { t: "int", min: 16 }, default: 32, doc: "image height and width in pixels" },
    holdout: {
      type: { t: "strings" },
      doc: 'colour-shape pairs such as ["red circle"] kept out of train; every test group then contains one',
    },
  },
};

export const NOISE_SPEC: KindSpec = {
  doc: "Random images and random unpaired token ids (the seed's data): retrieval stays at chance",
  args: {
    train: { type: { t: "int", min: 1 }, default: 8000, doc: "training items" },
    test: { type: { t: "int", min: 1 }, default: 1000, doc: "test items" },
    seed: { type: { t: "int" }, default: 7, doc: "random seed; the data are a pure function of it" },
    vocab: { type: { t: "int", min: 3 }, default: 128, doc: "vocabulary size, <pad> and <unk> included" },
    classes: { type: { t: "int", min: 1 }, default: 10, doc: "number of random class labels" },
    words: { type: { t: "int", min: 1 }, default: 12, doc: "random words per caption (padded or truncated to the spec's token length)" },
    size: { type: { t: "int", min: 1 }, default: 32, doc: "image height and width in pixels" },
  },
};

export const EMOJI_SPEC: KindSpec = {
  doc: "Emoji drawings named by their official English names; train on one artist, test on the other",
  args: {
    train: { type: { t: "enum", options: EMOJI_ARTISTS }, default: "noto", doc: "artist of the training drawings" },
    test: { type: { t: "enum", options: EMOJI_ARTISTS }, default: "twemoji", doc: "artist of the test drawings" },
    size: { type: { t: "int", min: 1 }, default: 32, doc: "image height and width in pixels" },
    limit: { type: { t: "int", min: 1 }, doc: "use at most this many emoji (a seeded random subset)" },
    seed: { type: { t: "int" }, default: 7, doc: "seed of the item order (and of the subset under `limit`)" },
    classes: {
      type: { t: "enum", options: EMOJI_CLASS_LEVELS },
      default: "group",
      doc: 'class of each emoji (labels, zero-shot): its emojibase group ("smileys & emotion") or subgroup ("face smiling")',
    },
  },
};

export const FILES_SPEC: KindSpec = {
  doc: "Images and captions listed in a CSV/TSV (with header) or JSONL manifest, like OpenCLIP's --csv-img-key/--csv-caption-key",
  args: {
    train: { type: { t: "path" }, required: true, doc: "training manifest (.csv, .tsv, .jsonl), relative to the spec's folder" },
    test: { type: { t: "path" }, required: true, doc: "test manifest (.csv, .tsv, .jsonl), relative to the spec's folder" },
    image_key: { type: { t: "string" }, default: "filepath", doc: "column holding image paths (relative to the manifest's folder)" },
    caption_key: { type: { t: "string" }, default: "title", doc: "column holding captions" },
    label_key: { type: { t: "string" }, doc: "column holding class labels (names or numbers), if any" },
    separator: { type: { t: "string" }, doc: "CSV field separator (default: tab for .tsv, comma otherwise)" },
    size: { type: { t: "int", min: 1 }, default: 32, doc: "images are resized to size x size" },
  },
};

export const SHARDS_SPEC: KindSpec = {
  doc: "Webdataset-style tar shards (<key>.png, <key>.txt, <key>.json per sample), as `mmc data export` writes them",
  args: {
    train: { type: { t: "path", braces: true }, required: true, doc: 'training shards as a brace pattern, such as "data/train-{0000..0007}.tar", relative to the spec\'s folder' },
    test: { type: { t: "path", braces: true }, required: true, doc: 'test shards as a brace pattern, such as "data/test-{0000..0000}.tar", relative to the spec\'s folder' },
  },
};

/** Every kind and its arguments. A manifest's format (CSV, TSV, JSONL) comes from its extension. */
export const DATA_KINDS: Record<string, KindSpec> = {
  shapes: SHAPES_SPEC,
  noise: NOISE_SPEC,
  emoji: EMOJI_SPEC,
  files: FILES_SPEC,
  shards: SHARDS_SPEC,
};

/** Whether `kind` names a data kind (own keys only: "toString" is not a kind). */
export function isDataKind(kind: string): boolean {
  return Object.hasOwn(DATA_KINDS, kind);
}
