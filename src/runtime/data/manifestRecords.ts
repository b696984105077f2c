// Reads an OpenCLIP-style manifest (CSV/TSV with a header, or JSONL) into records of
// image path, caption and optional label, each with its 1-based line. Every problem a user
// can fix becomes a DataError naming the manifest and the line; bad rows are all collected
// (rowProblems.ts) so one error lists every row to fix, not only the first.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { DataError } from "./types.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { DATA_ERRORS } from "./errors.js";
import { parseCsv } from "./csv.js";
import { RowProblems } from "./rowProblems.js";
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

function requiredKeys(keys: ManifestKeys): [string, string][] {
  return [["image", keys.image], ["caption", keys.caption], ...(keys.label === undefined ? [] : [["label", keys.label] as [string, string]])];
}

/** Rows of a CSV manifest; a row with the wrong number of fields is recorded in `problems` and skipped. */
function csvRows(text: string, file: string, separator: string, keys: ManifestKeys, problems: RowProblems): RawRow[] {
  const records = parseCsv(text, separator, file);
  const header = records.shift();
  if (!header) return [];
  const columns = header.fields.map((name) => name.trim());
  // A column missing from the header is one mistake on the header line, not one per row.
  for (const [what, key] of requiredKeys(keys)) {
    if (!columns.includes(key)) throw missingColumn(what, key, columns, file, header.line);
  }
  const rows: RawRow[] = [];
  for (const { line, fields } of records) {
    if (fields.length !== columns.length) {
      problems.add(
        DATA_ERRORS.manifestSyntax,
        line,
        `line ${line} has ${fields.length} field(s) but the header (line ${header.line}) names ${columns.length}`,
        fields.length > columns.length ? "quote fields that contain the separator" : undefined,
      );
      continue;
    }
    rows.push({ line, values: new Map(columns.map((name, i) => [name, fields[i]!])), available: columns, columnsLine: header.line });
  }
  return rows;
}

/** Rows of a JSONL manifest; a line that is not a JSON object is recorded in `problems` and skipped. */
function jsonlRows(text: string, problems: RowProblems): RawRow[] {
  const rows: RawRow[] = [];
  text.split(/\r?\n/).forEach((source, index) => {
    const line = index + 1;
    if (source.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (error) {
      problems.add(DATA_ERRORS.manifestSyntax, line, `line ${line} is not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      problems.add(DATA_ERRORS.manifestSyntax, line, `line ${line} must be a JSON object, one item per line`);
      return;
    }
    const values = new Map<string, string>();
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" || typeof value === "number") values.set(key, String(value));
    }
    rows.push({ line, values, available: Object.keys(parsed), columnsLine: line });
  });
  return rows;
}

function missingColumn(what: string, key: string, available: string[], file: string, line: number): DataError {
  const message = `the manifest has no ${what} column \`${key}\`; it has ${available.map((c) => `\`${c}\``).join(", ") || "none"}`;
  return new DataError(DATA_ERRORS.missingColumn, message, file, line, didYouMean(key, available));
}

function field(row: RawRow, key: string, file: string, what: string): string {
  const value = row.values.get(key);
  if (value !== undefined) return value;
  if (!row.available.includes(key)) throw missingColumn(what, key, row.available, file, row.columnsLine);
  throw new DataError(DATA_ERRORS.missingColumn, `the ${what} \`${key}\` on line ${row.line} is not a string or number`, file, row.line);
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
  const problems = new RowProblems(file);
  const rows = isCsv ? csvRows(text, file, separator, keys, problems) : jsonlRows(text, problems);
  if (rows.length === 0 && problems.count === 0) {
    throw new DataError(DATA_ERRORS.emptyManifest, `manifest "${written}" has no items`, file, 1);
  }
  const records = rows.flatMap((row) => problems.row(row.line, () => toRecord(row, keys, file)) ?? []);
  problems.throwIfAny();
  return { file, records };
}
