// A small RFC 4180 CSV reader that remembers on which line each record starts, so manifest
// errors can point at it. Quoted fields may hold separators, newlines and doubled quotes;
// CRLF and LF line ends and a UTF-8 byte-order mark are accepted; blank lines are skipped.
import { DataError } from "./types.js";
import { DATA_ERRORS } from "./errors.js";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string, separator: string, file: string): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 1;
  let i = 0;

  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      inQuotes = true;
      quoteLine = line;
    } else if (ch === separator) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (inQuotes) {
    throw new DataError(DATA_ERRORS.manifestSyntax, `a quoted field opened on line ${quoteLine} is never closed`, file, quoteLine, 'close it with `"`; write a quote inside a quoted field as `""`');
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
