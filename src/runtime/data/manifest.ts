// `data files(train: "train.csv", test: "test.csv")`: image files listed in manifests, read
// the way OpenCLIP does (`--csv-img-key filepath --csv-caption-key title`). Images are
// centre-cropped to a square and area-resized to size x size RGB, transparency over white.
import { readFileSync } from "node:fs";
import type { DataRequest } from "./types.js";
import type { DataArgs } from "./args.js";
import { FILES_SPEC } from "../../ir/data/kinds.js";
import { DATA_ERRORS } from "./errors.js";
import { decodeImage } from "./imageDecode.js";
import { centreCropSquare, resizeArea, rgbaToRgb } from "./image.js";
import { readManifest, type Manifest, type ManifestKeys } from "./manifestRecords.js";
import { RowProblems } from "./rowProblems.js";
import type { DataPlan, DataSource, LoadedData, SplitText } from "./source.js";

function keysOf(args: DataArgs): ManifestKeys {
  return {
    image: args.string("image_key"),
    caption: args.string("caption_key"),
    label: args.optionalString("label_key"),
    separator: args.optionalString("separator"),
  };
}

/** Class names in a stable order: numerically when every label is a number. */
function classNames(manifest: Manifest): string[] {
  const distinct = [...new Set(manifest.records.map((record) => record.label!))];
  const numeric = distinct.every((label) => label !== "" && Number.isFinite(Number(label)));
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

function labelsOf(manifest: Manifest, classes: string[]): Int32Array {
  const problems = new RowProblems(manifest.file);
  const labels = Int32Array.from(manifest.records, (record) => {
    const index = classes.indexOf(record.label!);
    if (index < 0) {
      problems.add(
        DATA_ERRORS.unknownLabel,
        record.line,
        `label "${record.label}" on line ${record.line} never occurs in the training manifest`,
        `training labels: ${classes.slice(0, 20).join(", ")}${classes.length > 20 ? ", ..." : ""}`,
      );
    }
    return index;
  });
  problems.throwIfAny();
  return labels;
}

interface FilesPlan extends DataPlan {
  manifests: { train: Manifest; test: Manifest };
}

function plan(args: DataArgs, req: Pick<DataRequest, "baseDir">): FilesPlan {
  const keys = keysOf(args);
  const train = readManifest(args.string("train"), req.baseDir, keys);
  const test = readManifest(args.string("test"), req.baseDir, keys);
  const classes = keys.label === undefined ? [] : classNames(train);
  const text = (manifest: Manifest): SplitText => ({
    captions: manifest.records.map((record) => record.caption),
    labels: keys.label === undefined ? undefined : labelsOf(manifest, classes),
  });
  const size = args.number("size");
  return { imageSize: [size, size, 3], classes, hasGroups: false, train: text(train), test: text(test), manifests: { train, test } };
}

function loadImages(manifest: Manifest, size: number): Float32Array {
  const pixelsPerImage = size * size * 3;
  const images = new Float32Array(manifest.records.length * pixelsPerImage);
  // Every image is decoded even after a broken one, so the error lists all of them.
  const problems = new RowProblems(manifest.file);
  manifest.records.forEach((record, i) => {
    let decoded;
    try {
      decoded = decodeImage(readFileSync(record.imagePath));
    } catch (error) {
      problems.add(DATA_ERRORS.corruptImage, record.line, `image on line ${record.line} (${record.imagePath}) cannot be decoded: ${(error as Error).message}`);
      return;
    }
    const square = centreCropSquare(rgbaToRgb(decoded.rgba, decoded.width, decoded.height));
    images.set(resizeArea(square, size, size).pixels, i * pixelsPerImage);
  });
  problems.throwIfAny();
  return images;
}

export const filesSource: DataSource = {
  spec: FILES_SPEC,
  describe: plan,
  load(args: DataArgs, req: Pick<DataRequest, "baseDir">): LoadedData {
    const { manifests, ...described } = plan(args, req);
    const size = args.number("size");
    return {
      ...described,
      train: { ...described.train, images: loadImages(manifests.train, size) },
      test: { ...described.test, images: loadImages(manifests.test, size) },
    };
  },
};
