// The ustar tar header (POSIX.1-1988), the part of the format webdataset shards use: 512-byte
// headers, each member's bytes padded to 512, two zero blocks at the end. Shared by the writer
// and the reader so both agree on every offset.

export const BLOCK = 512;
/** Longest member name a plain ustar header holds (without the prefix field). */
export const MAX_NAME_BYTES = 100;

/** Byte offsets and widths of the header fields mmc reads or writes. */
export const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  type: [156, 1],
  magic: [257, 6],
  version: [263, 2],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

/** Bytes of padding after a member of `size` bytes. */
export function paddingOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Sum of the header's bytes with the checksum field counted as eight spaces. */
export function headerChecksum(header: Uint8Array): number {
  const [start, width] = FIELD.checksum;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= start && i < start + width ? 0x20 : header[i]!;
  return sum;
}

function writeString(header: Buffer, [start, width]: readonly [number, number], value: string): void {
  header.write(value, start, width, "utf8");
}

function writeOctal(header: Buffer, field: readonly [number, number], value: number): void {
  // width-1 octal digits, then NUL (the form GNU tar and Python's tarfile write).
  writeString(header, field, value.toString(8).padStart(field[1] - 1, "0") + "\0");
}

/** A regular-file header; mtime 0 and owner root so that the same data give the same bytes. */
export function fileHeader(name: string, size: number): Buffer {
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) throw new Error(`tar member name "${name}" is longer than ${MAX_NAME_BYTES} bytes`);
  const header = Buffer.alloc(BLOCK);
  writeString(header, FIELD.name, name);
  writeOctal(header, FIELD.mode, 0o644);
  writeOctal(header, FIELD.uid, 0);
  writeOctal(header, FIELD.gid, 0);
  writeOctal(header, FIELD.size, size);
  writeOctal(header, FIELD.mtime, 0);
  writeString(header, FIELD.type, "0");
  writeString(header, FIELD.magic, "ustar\0");
  writeString(header, FIELD.version, "00");
  const [start] = FIELD.checksum;
  header.write(headerChecksum(header).toString(8).padStart(6, "0") + "\0 ", start, 8, "ascii");
  return header;
}
