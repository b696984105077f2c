// The data sets a spec can name, with their arguments: the checker validates `data kind(...)`
// against this (names, types, did-you-mean) without loading anything. No Node imports here,
// so the playground can use it too.
export type DataArgType = "number" | "string" | "bool" | "strings";

export interface DataArgSpec {
  type: DataArgType;
  default?: unknown;
  doc: string;
}

export interface DataKindSpec {
  doc: string;
  args: Record<string, DataArgSpec>;
}

export const DATA_CATALOG: Record<string, DataKindSpec> = {
  shapes: {
    doc: "generated scenes of two coloured shapes with captions, in swap groups of four (hard negatives)",
    args: {
      train: { type: "number", default: 8000, doc: "training images (rounded to a multiple of 4)" },
      test: { type: "number", default: 1000, doc: "test images (rounded to a multiple of 4)" },
      seed: { type: "number", default: 7, doc: "generator seed" },
      holdout: { type: "strings", doc: "colour-shape pairs such as \"red circle\" kept out of training (CoGenT-style split)" },
    },
  },
  noise: {
    doc: "the seed example's random, unpaired images and tokens (retrieval stays at chance)",
    args: {
      train: { type: "number", default: 1000, doc: "training items" },
      test: { type: "number", default: 200, doc: "test items" },
      seed: { type: "number", default: 0, doc: "generator seed" },
      vocab: { type: "number", default: 128, doc: "token ids are drawn below this" },
      classes: { type: "number", default: 10, doc: "random labels are drawn below this" },
    },
  },
  emoji: {
    doc: "emoji drawings with their official English names: one artist for training, another for testing",
    args: {
      train: { type: "string", default: "noto", doc: "artist for training: \"noto\" or \"twemoji\"" },
      test: { type: "string", default: "twemoji", doc: "artist for testing: \"noto\" or \"twemoji\"" },
      size: { type: "number", default: 32, doc: "image side in pixels" },
      limit: { type: "number", doc: "use at most this many emoji" },
      seed: { type: "number", default: 0, doc: "shuffle seed" },
    },
  },
  files: {
    doc: "a CSV or JSONL manifest of image files and captions, as OpenCLIP reads them",
    args: {
      train: { type: "string", doc: "training manifest (.csv or .jsonl), relative to the spec" },
      test: { type: "string", doc: "test manifest (.csv or .jsonl), relative to the spec" },
      image_key: { type: "string", default: "filepath", doc: "column holding the image path" },
      caption_key: { type: "string", default: "title", doc: "column holding the caption" },
      label_key: { type: "string", doc: "column holding a class name (for classification heads)" },
      size: { type: "number", default: 32, doc: "images are resized to size x size" },
    },
  },
};

export const REQUIRED_DATA_ARGS: Record<string, string[]> = { files: ["train", "test"] };
