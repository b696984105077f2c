// Reads a tar file member by member with synchronous reads: a member's bytes are read only
// when the caller wants them, and only one member is in memory at a time. Accepts ustar,
// GNU (long names, base-256 sizes) and pax (`path=` records) headers, as Python's tarfile
// and GNU tar write them. Problems are TarFormatErrors naming the member they were met in.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { BLOCK, FIELD, headerChecksum, paddingOf } from "./tar-format.js";

export interface TarMember {
  name: string;
  size: number;
  /** The member's bytes, when the caller asked for them. */
  data?: Buffer;
}

export class TarFormatError extends Error {
  constructor(
    message: string,
    /** The member being read (or the last complete one) when it went wrong. */
    readonly member?: string,
  ) {
    super(message);
    this.name = "TarFormatError";
  }
}

function text(header: Buffer, [start, width]: readonly [number, number]): string {
  const field = header.subarray(start, start + width);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? width : end).toString("utf8");
}

function number(header: Buffer, [start, width]: readonly [number, number]): number {
  if (header[start]! & 0x80) {
    // GNU base-256: big-endian bytes after the marker bit.
    let value = header[start]! & 0x7f;
    for (let i = 1; i < width; i++) value = value * 256 + header[start + i]!;
    return value;
  }
  const digits = text(header, [start, width]).trim();
  return /^[0-7]+$/.test(digits) ? parseInt(digits, 8) : NaN;
}

function isZero(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** The `path` record of a pax extended header ("LEN path=VALUE\n" records). */
function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  let found: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString("ascii"));
    if (space < 0 || !Number.isInteger(length) || length <= 0) throw new TarFormatError("a pax extended header is malformed");
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    if (record.startsWith("path=")) found = record.slice(5);
    offset += length;
  }
  return found;
}

const REGULAR = new Set(["0", "", "7"]);

/**
 * Yields the regular files of `file` in order; `wants(name)` says whether to read a member's
 * bytes. Throws TarFormatError on a bad header, a member cut short, or a missing end.
 */
export function* readTar(file: string, wants: (name: string) => boolean): Generator<TarMember> {
  const fd = openSync(file, "r");
  try {
    const fileSize = fstatSync(fd).size;
    const header = Buffer.alloc(BLOCK);
    let position = 0;
    let last: string | undefined;
    let nextName: string | undefined; // from a GNU long-name or pax header
    const readExactly = (buffer: Buffer, at: number, what: string, member?: string): void => {
      let done = 0;
      while (done < buffer.length) {
        const n = readSync(fd, buffer, done, buffer.length - done, at + done);
        if (n === 0) throw new TarFormatError(`the file ends inside ${what} (truncated at byte ${at + done})`, member);
        done += n;
      }
    };
    for (;;) {
      if (position + BLOCK > fileSize) {
        const after = last ? `after member ${last}` : "before its first member";
        throw new TarFormatError(
          position === fileSize
            ? `the file ends ${after} without the end-of-archive blocks (truncated at byte ${fileSize}?)`
            : `the file ends inside the header or end block ${after} (truncated at byte ${fileSize})`,
          last,
        );
      }
      readExactly(header, position, "a header", last);
      if (isZero(header)) return;
      const stored = number(header, FIELD.checksum);
      if (stored !== headerChecksum(header)) throw new TarFormatError(`the header at byte ${position} is not a tar header (its checksum does not match)`, last);
      const size = number(header, FIELD.size);
      if (!Number.isFinite(size)) throw new TarFormatError(`the header at byte ${position} has no valid size`, last);
      const type = text(header, FIELD.type);
      const magic = text(header, FIELD.magic);
      const prefix = magic.startsWith("ustar") ? text(header, FIELD.prefix) : "";
      const name = nextName ?? (prefix ? `${prefix}/${text(header, FIELD.name)}` : text(header, FIELD.name));
      const dataAt = position + BLOCK;
      if (dataAt + size > fileSize) throw new TarFormatError(`the file ends inside member ${name} (it needs ${size} bytes, ${Math.max(0, fileSize - dataAt)} remain)`, name);
      position = dataAt + size + paddingOf(size);
      if (type === "L" || type === "x") {
        const data = Buffer.alloc(size);
        readExactly(data, dataAt, `member ${name}`, name);
        nextName = type === "L" ? data.toString("utf8").replace(/\0+$/, "") : (paxPath(data) ?? nextName);
        continue;
      }
      nextName = undefined;
      if (!REGULAR.has(type)) continue; // directories, links, global pax headers: nothing to read
      last = name;
      if (!wants(name)) {
        yield { name, size };
        continue;
      }
      const data = Buffer.alloc(size);
      readExactly(data, dataAt, `member ${name}`, name);
      yield { name, size, data };
    }
  } finally {
    closeSync(fd);
  }
}
