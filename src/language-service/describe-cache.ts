// describeData generates a data set's captions (tens of ms for shapes), but its answer depends
// only on the `data` line: remember the last few, errors included, so that a keystroke costs
// only the check itself. The playground's worker and `mmc lsp` wrap their describeData in it.
import type { DataInfo, DataRequest } from "../runtime/data/types.js";

export type Describe = (req: DataRequest) => DataInfo;

export class DescribeCache {
  private described = new Map<string, { info?: DataInfo; error?: unknown }>();

  constructor(private readonly describe: Describe, private readonly size = 8) {}

  /** The checker's describeData: the same answers (and thrown errors), remembered. */
  readonly lookup = (req: Omit<DataRequest, "seqLen">): DataInfo => {
    const key = JSON.stringify([req.kind, req.args, req.baseDir]);
    let hit = this.described.get(key);
    if (!hit) {
      try {
        hit = { info: this.describe({ ...req, seqLen: 1 }) };
      } catch (error) {
        hit = { error };
      }
      if (this.described.size >= this.size) this.described.delete(this.described.keys().next().value!);
      this.described.set(key, hit);
    }
    if (hit.error !== undefined) throw hit.error;
    return hit.info!;
  };

  /** Forget everything (files on disk changed: a manifest, images). */
  clear(): void {
    this.described.clear();
  }
}
