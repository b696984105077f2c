// replay.py of the exported package: trains a few steps on one saved batch with train.py,
// from the initial weights, and writes the weights after, so mmc's tests can compare the
// optimizer, schedule, clipping and clamp with its own trainer's.
export const REPLAY_PY = `"""Trains STEPS steps on one saved batch (see gradients.py) and writes the weights after.

    python3 -m <package>.replay BATCH_DIR OUT_DIR STEPS

Writes OUT_DIR/after.json ({"losses": [...], "tensors": [{"name", "shape", "offset"}]}) and
OUT_DIR/after.bin (float32, torch layouts), parameters in named_parameters() order.
"""
import json
import os
import sys

import numpy as np
import torch

from . import train
from .gradients import read_batch
from .model import initial_model


def main(batch_dir, out_dir, steps):
    torch.manual_seed(0)
    model = initial_model()
    model.train()
    feeds, same_ids = read_batch(batch_dir)
    optimizer = train.make_optimizer(model)
    losses = [train.train_step(model, optimizer, feeds, same_ids, step, steps) for step in range(steps)]
    tensors, chunks, offset = [], [], 0
    for name, p in model.named_parameters():
        chunks.append(p.detach().reshape(-1).numpy().astype("<f4"))
        tensors.append({"name": name, "shape": list(p.shape), "offset": offset})
        offset += p.numel()
    os.makedirs(out_dir, exist_ok=True)
    np.concatenate(chunks).tofile(os.path.join(out_dir, "after.bin"))
    with open(os.path.join(out_dir, "after.json"), "w") as f:
        json.dump({"losses": losses, "tensors": tensors}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
`;
