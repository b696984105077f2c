// replay.py of the exported package: trains a few steps on one saved batch with train.py,
// from the initial weights, and writes the weights after, so mmc's tests can compare the
// optimizer, schedule, clipping and clamp with its own trainer's.
export const REPLAY_PY = `"""Trains STEPS steps on one saved batch (see gradients.py) and writes the weights after.

    python3 -m <package>.replay BATCH_DIR OUT_DIR STEPS

Writes OUT_DIR/after.json ({"losses": [...], "tensors": [{"name", "shape", "offset"}]}) and
OUT_DIR/after.bin (float32, torch layouts), parameters in named_parameters() order.
"""
import sys

import torch

from . import train
from .gradients import read_batch
from .model import initial_model
from .tensors import write_tensors


def main(batch_dir, out_dir, steps):
    torch.manual_seed(0)
    model = initial_model()
    model.train()
    feeds, same_ids = read_batch(batch_dir)
    optimizer = train.make_optimizer(model)
    losses = [train.train_step(model, optimizer, feeds, same_ids, step, steps) for step in range(steps)]
    write_tensors(out_dir, "after", list(model.named_parameters()), {"losses": losses})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
`;
