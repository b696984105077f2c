// gradients.py of the exported package: one batch's loss and gradients from the initial
// weights, read from and written to files, so another program (mmc's parity test) can compare.
export const GRADIENTS_PY = `"""Loss and gradients of one saved batch at the initial weights.

    python3 -m <package>.gradients BATCH_DIR OUT_DIR

BATCH_DIR/batch.json: {"inputs": {name: {"dtype": "float32" | "int32", "shape": [...],
"offset": floats}}, "same_ids": [...] or null} over BATCH_DIR/batch.bin (little-endian).
Writes OUT_DIR/grads.json ({"loss": x, "tensors": [{"name", "shape", "offset"}]}) and
OUT_DIR/grads.bin (float32, torch layouts; zeros where a parameter gets no gradient).
"""
import json
import os
import sys

import numpy as np
import torch

from .model import initial_model
from .tensors import write_tensors


def read_batch(folder):
    with open(os.path.join(folder, "batch.json")) as f:
        meta = json.load(f)
    raw = open(os.path.join(folder, "batch.bin"), "rb").read()
    feeds = {}
    for name, e in meta["inputs"].items():
        count = int(np.prod(e["shape"]))
        array = np.frombuffer(raw, dtype="<f4" if e["dtype"] == "float32" else "<i4", count=count, offset=e["offset"] * 4)
        tensor = torch.from_numpy(array.copy()).reshape(e["shape"])
        feeds[name] = tensor if e["dtype"] == "float32" else tensor.long()
    same = meta.get("same_ids")
    return feeds, (torch.tensor(same) if same is not None else None)


def main(batch_dir, out_dir):
    torch.manual_seed(0)
    model = initial_model()
    model.train()
    feeds, same_ids = read_batch(batch_dir)
    loss = model.objective(feeds, same_ids)
    loss.backward()
    grads = [(name, p.grad if p.grad is not None else torch.zeros_like(p)) for name, p in model.named_parameters()]
    write_tensors(out_dir, "grads", grads, {"loss": loss.item()})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
`;
