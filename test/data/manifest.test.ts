import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { describeData, loadData } from "../../src/runtime/data/index.js";
import { DataError, type DataArg, type DataRequest } from "../../src/runtime/data/types.js";

let root: string;

type Rgba = [number, number, number, number];

/** A PNG whose left half and right half have the given colours; colorType 0/2/4/6 as in the spec. */
function png(width: number, height: number, left: Rgba, right: Rgba = left, colorType = 6): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) image.data.set(x < width / 2 ? left : right, (y * width + x) * 4);
  return PNG.sync.write(image, { colorType: colorType as 0 | 2 | 4 | 6 });
}

function jpg(width: number, height: number, rgb: [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([...rgb, 255], p * 4);
  return jpeg.encode({ width, height, data }, 95).data;
}

function write(path: string, content: string | Buffer): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const request = (args: Record<string, DataArg>): DataRequest => ({ kind: "files", args, baseDir: root, seqLen: 6 });

/** The DataError a call throws (fails the test when it throws nothing or something else). */
function dataError(call: () => unknown): DataError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError");
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mmc-manifest-"));
  write(join(root, "set/img/red.png"), png(4, 4, [255, 0, 0, 255]));
  write(join(root, "set/img/clear.png"), png(4, 4, [0, 0, 0, 0])); // transparent: white after compositing
  write(join(root, "set/img/grey.png"), png(4, 4, [64, 64, 64, 255], [64, 64, 64, 255], 0));
  write(join(root, "set/img/wide.png"), png(8, 4, [0, 255, 0, 255], [0, 0, 255, 255], 2)); // crop keeps the middle
  write(join(root, "set/img/blue.jpg"), jpg(8, 8, [0, 0, 255]));
  write(join(root, "set/img/broken.png"), png(4, 4, [1, 2, 3, 255]).subarray(0, 40));
  write(join(root, "set/img/broken.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
  write(join(root, "set/img/text.png"), "not an image");
  write(join(root, "set/img/anim.gif"), "GIF89a");
  write(
    join(root, "set/train.csv"),
    'filepath,title,kind\nimg/red.png,"a red square, filled",warm\nimg/clear.png,nothing at all,none\nimg/grey.png,"a grey ""square""",none\n',
  );
  write(join(root, "set/test.csv"), "filepath,title,kind\nimg/wide.png,green and blue,none\nimg/blue.jpg,a blue photo,warm\n");
  write(
    join(root, "set/train.jsonl"),
    '{"path": "img/red.png", "text": "red", "y": 1}\n\n{"path": "img/blue.jpg", "text": "blue", "y": 0}\n',
  );
  write(join(root, "set/test.tsv"), "path\ttext\ty\nimg/grey.png\tgrey, dark\t1\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const pixel = (images: Float32Array, item: number, size: number, x: number, y: number) =>
  [...images.subarray((item * size * size + y * size + x) * 3, (item * size * size + y * size + x) * 3 + 3)];

describe("data files (manifests)", () => {
  it("reads a CSV manifest with PNG and JPEG files: colours, alpha, grey, centre crop", () => {
    const data = loadData(request({ train: "set/train.csv", test: "set/test.csv", size: 4, label_key: "kind" }));
    expect(data.info).toMatchObject({ kind: "files", imageSize: [4, 4, 3], trainCount: 3, testCount: 2, classes: ["none", "warm"] });
    expect(data.train.captions).toEqual(["a red square, filled", "nothing at all", 'a grey "square"']);
    expect([...data.train.labels!]).toEqual([1, 0, 0]);
    expect([...data.test.labels!]).toEqual([0, 1]);
    expect(pixel(data.train.images, 0, 4, 1, 1)).toEqual([1, 0, 0]);
    expect(pixel(data.train.images, 1, 4, 2, 3)).toEqual([1, 1, 1]);
    expect(pixel(data.train.images, 2, 4, 0, 0).map((v) => Math.round(v * 255))).toEqual([64, 64, 64]);
    // 8x4 -> centre 4x4 square: columns 2..5, half green, half blue.
    expect(pixel(data.test.images, 0, 4, 0, 0)).toEqual([0, 1, 0]);
    expect(pixel(data.test.images, 0, 4, 3, 0)).toEqual([0, 0, 1]);
    const blue = pixel(data.test.images, 1, 4, 2, 2);
    expect(blue[0]).toBeLessThan(0.05);
    expect(blue[2]).toBeGreaterThan(0.95);
    // Vocabulary from training captions only: "photo" (test) is unknown.
    expect(data.vocab.index.has("photo")).toBe(false);
    expect(data.vocab.index.has("filled")).toBe(true);
    expect(describeData(request({ train: "set/train.csv", test: "set/test.csv", size: 4, label_key: "kind" }))).toEqual(data.info);
  });

  it("reads JSONL and TSV manifests with other keys and numeric labels", () => {
    const args = { train: "set/train.jsonl", test: "set/test.tsv", image_key: "path", caption_key: "text", label_key: "y", size: 2 };
    const data = loadData(request(args));
    expect(data.info.kind).toBe("files");
    expect(data.train.captions).toEqual(["red", "blue"]);
    expect(data.info.classes).toEqual(["0", "1"]);
    expect([...data.train.labels!]).toEqual([1, 0]);
    expect(data.test.captions).toEqual(["grey, dark"]);
    expect(data.train.images.length).toBe(2 * 2 * 2 * 3);
  });

  it("accepts absolute manifest paths and resizes up", () => {
    const data = loadData(request({ train: join(root, "set/train.csv"), test: join(root, "set/test.csv"), size: 8 }));
    expect(data.info.classes).toEqual([]);
    expect(data.train.labels).toBeUndefined();
    expect(pixel(data.train.images, 0, 8, 7, 7)).toEqual([1, 0, 0]);
  });

  describe("bad input names the file and the line", () => {
    const manifest = (name: string, text: string) => {
      write(join(root, "set", name), text);
      return `set/${name}`;
    };
    const fail = (train: string, extra: Record<string, DataArg> = {}, load = false) =>
      dataError(() => (load ? loadData : describeData)(request({ train, test: "set/test.csv", ...extra })));

    it("missing manifest", () => {
      const error = fail("set/nope.csv");
      expect(error).toMatchObject({ code: "MM5010", file: join(root, "set/nope.csv") });
      expect(error.message).toContain('"set/nope.csv"');
    });

    it("missing column: lists the columns that exist and suggests one", () => {
      const error = fail(manifest("cols.csv", "filepath,titel\nimg/red.png,red\n"));
      expect(error).toMatchObject({ code: "MM5012", file: join(root, "set/cols.csv"), line: 1 });
      expect(error.message).toContain("`filepath`, `titel`");
      expect(error.help).toContain("titel");
      const jsonl = fail(manifest("cols.jsonl", '{"filepath": "img/red.png", "title": "red"}\n{"filepath": "img/red.png"}\n'));
      expect(jsonl).toMatchObject({ code: "MM5012", line: 2 });
    });

    it("missing image file: manifest line and the image path", () => {
      const error = fail(manifest("gone.csv", 'filepath,title\nimg/red.png,"two\nlines"\nimg/gone.png,gone\n'));
      expect(error).toMatchObject({ code: "MM5015", file: join(root, "set/gone.csv"), line: 4 });
      expect(error.message).toContain("img/gone.png");
      expect(error.message).toContain(join(root, "set/img/gone.png"));
    });

    it("corrupt PNG and JPEG files fail at load (describe does not decode)", () => {
      for (const [name, line] of [["broken.png", 3], ["broken.jpg", 3], ["text.png", 3]] as const) {
        const path = manifest(`corrupt-${name}.csv`, `filepath,title\nimg/red.png,ok\nimg/${name},bad\n`);
        expect(() => describeData(request({ train: path, test: "set/test.csv" }))).not.toThrow();
        const error = fail(path, {}, true);
        expect(error, name).toMatchObject({ code: "MM5017", file: join(root, path), line });
        expect(error.message).toContain(name);
      }
    });

    it("empty caption, or one without words", () => {
      expect(fail(manifest("empty-caption.csv", 'filepath,title\nimg/red.png,red\nimg/red.png,""\n'))).toMatchObject({ code: "MM5014", line: 3 });
      expect(fail(manifest("dots.csv", "filepath,title\nimg/red.png,...\n"))).toMatchObject({ code: "MM5014", line: 2 });
    });

    it("empty manifest", () => {
      expect(fail(manifest("header-only.csv", "filepath,title\n"))).toMatchObject({ code: "MM5013", line: 1, file: join(root, "set/header-only.csv") });
      expect(fail(manifest("nothing.jsonl", "\n\n"))).toMatchObject({ code: "MM5013", line: 1 });
    });

    it("unsupported image extension", () => {
      const error = fail(manifest("gif.csv", "filepath,title\nimg/anim.gif,moving\n"));
      expect(error).toMatchObject({ code: "MM5016", line: 2 });
      expect(error.message).toContain(".gif");
    });

    it("syntax: wrong field count, unclosed quote, invalid JSON, unknown manifest type", () => {
      expect(fail(manifest("fields.csv", "filepath,title\nimg/red.png,red\nimg/red.png,red,extra\n"))).toMatchObject({ code: "MM5011", line: 3 });
      expect(fail(manifest("quote.csv", 'filepath,title\nimg/red.png,"red\n'))).toMatchObject({ code: "MM5011", line: 2 });
      expect(fail(manifest("bad.jsonl", '{"filepath": "img/red.png", "title": "red"}\n{oops}\n'))).toMatchObject({ code: "MM5011", line: 2 });
      expect(fail(manifest("array.jsonl", '["img/red.png", "red"]\n'))).toMatchObject({ code: "MM5011", line: 1 });
      expect(fail(manifest("list.txt", "img/red.png red\n"))).toMatchObject({ code: "MM5011" });
    });

    it("a test label that training never saw", () => {
      const error = dataError(() => describeData(request({ train: "set/train.csv", test: manifest("labels.csv", "filepath,title,kind\nimg/red.png,red,cold\n"), label_key: "kind" })));
      expect(error).toMatchObject({ code: "MM5018", line: 2, file: join(root, "set/labels.csv") });
    });

    it("30 bad rows of five kinds: the first 20 listed by line, each with its code, the other 10 counted", () => {
      // Rows 2..61 alternate good and bad; the bad ones cycle through five mistakes.
      const bad = [
        (i: number) => `img/missing-${i}.png,gone ${i}`, // MM5015
        () => "img/red.png,...", // MM5014: no words
        () => "img/anim.gif,moving", // MM5016
        () => "img/red.png,red,extra", // MM5011: three fields
        () => "img/red.png,", // MM5014: empty
      ];
      const rows: string[] = [];
      for (let i = 0; i < 30; i++) rows.push("img/red.png,a good row", bad[i % bad.length]!(i));
      const error = fail(manifest("many-bad.csv", ["filepath,title", ...rows].join("\n") + "\n"));
      expect(error).toMatchObject({ code: "MM5015", file: join(root, "set/many-bad.csv"), line: undefined, moreRows: 10 });
      expect(error.message).toBe("30 rows are bad (the first 20 are listed); fix them all, then run again");
      expect(error.rows).toHaveLength(20);
      // Bad row i sits on line 3 + 2i (header on line 1, a good row before each bad one).
      expect(error.rows!.map((row) => row.line)).toEqual(Array.from({ length: 20 }, (_, i) => 3 + 2 * i));
      expect(error.rows!.slice(0, 5).map((row) => row.code)).toEqual(["MM5015", "MM5014", "MM5016", "MM5011", "MM5014"]);
      expect(error.rows![0]!.message).toContain('image "img/missing-0.png" on line 3 does not exist');
      expect(error.rows![3]!.message).toBe("line 9 has 3 field(s) but the header (line 1) names 2");
      expect(error.rows![4]!.message).toBe("line 11 has an empty caption in `title`");
      // Each distinct fix once, not once per row.
      expect(error.help).toBe("image paths resolve relative to the manifest's folder; convert it to .png, .jpg, .jpeg; quote fields that contain the separator");
    });

    it("bad JSONL lines and unknown test labels are all reported too; one bad row keeps the single-row form", () => {
      const jsonl = manifest("many-bad.jsonl", ['{"filepath": "img/red.png", "title": "red"}', "{oops}", "[1]", '{"filepath": "img/red.png"}'].join("\n") + "\n");
      const error = fail(jsonl);
      expect(error.rows!.map((row) => [row.line, row.code])).toEqual([[2, "MM5011"], [3, "MM5011"], [4, "MM5012"]]);
      expect(error.moreRows).toBe(0);
      const labels = manifest("labels-many.csv", "filepath,title,kind\nimg/red.png,red,cold\nimg/red.png,red,warm\nimg/red.png,red,hot\n");
      const unknown = dataError(() => describeData(request({ train: "set/train.csv", test: labels, label_key: "kind" })));
      expect(unknown.rows!.map((row) => [row.line, row.code])).toEqual([[2, "MM5018"], [4, "MM5018"]]);
      const one = fail(manifest("one-bad.csv", "filepath,title\nimg/red.png,red\nimg/nope.png,nope\n"));
      expect(one).toMatchObject({ code: "MM5015", line: 3, rows: undefined });
    });

    it("every undecodable image is reported at load, not only the first", () => {
      const path = manifest("corrupt-many.csv", "filepath,title\nimg/broken.png,a\nimg/red.png,ok\nimg/broken.jpg,b\nimg/text.png,c\n");
      const error = fail(path, {}, true);
      expect(error.rows!.map((row) => [row.line, row.code])).toEqual([[2, "MM5017"], [4, "MM5017"], [5, "MM5017"]]);
    });

    it("required arguments", () => {
      expect(dataError(() => describeData(request({ train: "set/train.csv" })))).toMatchObject({ code: "MM5004" });
    });
  });
});
