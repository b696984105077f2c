// Writes one tar file member by member, straight to disk (nothing is held but the member
// being written). The caller decides when a shard is full; `bytes` says how large it is.
import { closeSync, openSync, writeSync } from "node:fs";
import { BLOCK, fileHeader, paddingOf } from "./tar-format.js";

const ZEROS = Buffer.alloc(2 * BLOCK);

export class TarWriter {
  private readonly fd: number;
  private written = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, "w");
  }

  /** Bytes the archive will take if closed now (the two end blocks included). */
  get bytes(): number {
    return this.written + 2 * BLOCK;
  }

  add(name: string, data: Uint8Array): void {
    this.put(fileHeader(name, data.length));
    this.put(data);
    this.put(ZEROS.subarray(0, paddingOf(data.length)));
  }

  close(): void {
    this.put(ZEROS);
    closeSync(this.fd);
  }

  private put(data: Uint8Array): void {
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset, data.length - offset);
    this.written += data.length;
  }
}

/** What a member adds to an archive: its header, its bytes and their padding. */
export function memberBytes(size: number): number {
  return BLOCK + size + paddingOf(size);
}
