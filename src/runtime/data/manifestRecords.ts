// Reads an OpenCLIP-style manifest (CSV/TSV with a header, or JSONL) into records of
// image path, caption and optional label, each with its 1-based line. Every problem a user
// can fix becomes a DataError naming the manifest and the line.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { DataError } from "./types.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { DATA_ERRORS } from "./errors.js";
import { parseCsv } from "./csv.js";
import { IMAGE_EXTENSIONS } from "./imageDecode.js";
import { tokenize } from "./tokenizer.js";

export interface ManifestKeys {
  image: string;
  caption: string;
  label?: string;
  /** Overrides the CSV separator (default: tab for .tsv, comma otherwise). */
  separator?: string;
}

export interface ManifestRecord {
  line: number;
  /** Resolved against the manifest's folder. */
  imagePath: string;
  caption: string;
  label?: string;
}

export interface Manifest {
  file: string;
  records: ManifestRecord[];
}

const CSV_EXTENSIONS = [".csv", ".tsv"];
const JSONL_EXTENSIONS = [".jsonl", ".ndjson"];

/** A row before validation: named string values, and where to look if one is missing. */
interface RawRow {
  line: number;
  values: Map<string, string>;
  /** Columns (CSV header) or keys (JSONL object) that exist, for "missing column" errors. */
  available: string[];
  /** Line that declares the columns: the header for CSV, the row itself for JSONL. */
  columnsLine: number;
}

function csvRows(text: string, file: string, separator: string): RawRow[] {
  const records = parseCsv(text, separator, file);
  const header = records.shift();
  if (!header) return [];
  const columns = header.fields.map((name) => name.trim());
  return records.map(({ line, fields }) => {
    if (fields.length !== columns.length) {
      throw new DataError(
        DATA_ERRORS.manifestSyntax,
        `line ${line} has ${fields.length} field(s) but the header (line ${header.line}) names ${columns.length}`,
        file,
        line,
        fields.length > columns.length ? "quote fields that contain the separator" : undefined,
      );
    }
    return { line, values: new Map(columns.map((name, i) => [name, fields[i]!])), available: columns, columnsLine: header.line };
  });
}

function jsonlRows(text: string, file: string): RawRow[] {
  const rows: RawRow[] = [];
  text.split(/\r?\n/).forEach((source, index) => {
    const line = index + 1;
    if (source.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (error) {
      throw new DataError(DATA_ERRORS.manifestSyntax, `line ${line} is not valid JSON: ${(error as Error).message}`, file, line);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new DataError(DATA_ERRORS.manifestSyntax, `line ${line} must be a JSON object, one item per line`, file, line);
    }
    const values = new Map<string, string>();
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" || typeof value === "number") values.set(key, String(value));
    }
    rows.push({ line, values, available: Object.keys(parsed), columnsLine: line });
  });
  return rows;
}

function field(row: RawRow, key: string, file: string, what: string): string {
  const value = row.values.get(key);
  if (value !== undefined) return value;
  const exists = row.available.includes(key);
  const message = exists
    ? `the ${what} \`${key}\` on line ${row.line} is not a string or number`
    : `the manifest has no ${what} column \`${key}\`; it has ${row.available.map((c) => `\`${c}\``).join(", ") || "none"}`;
  const line = exists ? row.line : row.columnsLine;
  throw new DataError(DATA_ERRORS.missingColumn, message, file, line, exists ? undefined : didYouMean(key, row.available));
}

function checkImagePath(imagePath: string, written: string, file: string, line: number): void {
  const extension = extname(imagePath).toLowerCase();
  if (!IMAGE_EXTENSIONS.includes(extension)) {
    throw new DataError(
      DATA_ERRORS.unsupportedImage,
      `image "${written}" on line ${line} has the unsupported type "${extension || "(none)"}"`,
      file,
      line,
      `convert it to ${IMAGE_EXTENSIONS.join(", ")}`,
    );
  }
  if (!existsSync(imagePath) || !statSync(imagePath).isFile()) {
    throw new DataError(DATA_ERRORS.imageNotFound, `image "${written}" on line ${line} does not exist (looked for ${imagePath})`, file, line, "image paths resolve relative to the manifest's folder");
  }
}

function toRecord(row: RawRow, keys: ManifestKeys, file: string): ManifestRecord {
  const written = field(row, keys.image, file, "image").trim();
  if (written === "") {
    throw new DataError(DATA_ERRORS.imageNotFound, `line ${row.line} has an empty image path in \`${keys.image}\``, file, row.line);
  }
  const imagePath = isAbsolute(written) ? written : resolve(dirname(file), written);
  checkImagePath(imagePath, written, file, row.line);
  const caption = field(row, keys.caption, file, "caption").trim();
  if (tokenize(caption).length === 0) {
    throw new DataError(DATA_ERRORS.emptyCaption, `line ${row.line} has ${caption === "" ? "an empty caption" : `a caption without words ("${caption}")`} in \`${keys.caption}\``, file, row.line);
  }
  const label = keys.label === undefined ? undefined : field(row, keys.label, file, "label").trim();
  return { line: row.line, imagePath, caption, label };
}

/** Reads and checks a manifest; images are checked to exist but are not decoded. */
export function readManifest(written: string, baseDir: string, keys: ManifestKeys): Manifest {
  const file = isAbsolute(written) ? written : resolve(baseDir, written);
  const extension = extname(file).toLowerCase();
  const isCsv = CSV_EXTENSIONS.includes(extension);
  if (!isCsv && !JSONL_EXTENSIONS.includes(extension)) {
    throw new DataError(DATA_ERRORS.manifestSyntax, `manifest "${written}" must end in ${[...CSV_EXTENSIONS, ...JSONL_EXTENSIONS].join(", ")}`, file);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new DataError(DATA_ERRORS.manifestNotFound, `manifest "${written}" does not exist (looked for ${file})`, file, undefined, "manifest paths resolve relative to the spec's folder");
  }
  const separator = keys.separator ?? (extension === ".tsv" ? "\t" : ",");
  const rows = isCsv ? csvRows(text, file, separator) : jsonlRows(text, file);
  if (rows.length === 0) {
    throw new DataError(DATA_ERRORS.emptyManifest, `manifest "${written}" has no items`, file, 1);
  }
  return { file, records: rows.map((row) => toRecord(row, keys, file)) };
}
