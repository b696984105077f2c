"""mmc's generated PyTorch package (`mmc export --format torch`) as a benchmark contender.

What is timed is the package's own training step, train.train_step (the spec's optimizer,
schedule, loss and clamp, as `mmc run --engine torch` runs it), from mmc's initial weights,
on one random batch of the spec's input shapes reused every step, as bench/torch_seed.py
does with the hand-written model.

Arguments: the package folder, threads, batch, and a JSON object giving each integer input
(tokens, labels) its exclusive upper bound: {"text": 128}. It speaks
bench/torch_protocol.py's line protocol.
"""
import importlib
import json
import os
import sys

import torch

from torch_protocol import serve


def random_batch(inputs, batch, bounds):
    """Feeds of the spec's inputs (images NHWC in [0, 1], integer ids below their bounds) and
    caption ids [B]: equal token rows are the same caption, as the package's data reader counts them."""
    feeds, tokens = {}, None
    for name, kind, shape in inputs:
        if kind == "image":
            feeds[name] = torch.rand(batch, *shape)
            continue
        if name not in bounds:
            sys.exit(f"torch_generated.py: no upper bound given for the {kind} input {name}")
        feeds[name] = torch.randint(0, bounds[name], (batch, *shape))
        if kind == "tokens" and tokens is None:
            tokens = feeds[name]
    same_ids = torch.unique(tokens, dim=0, return_inverse=True)[1] if tokens is not None else torch.arange(batch)
    return feeds, same_ids


def main():
    folder, threads, batch, bounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    sys.path.insert(0, os.path.dirname(os.path.abspath(folder)))
    name = os.path.basename(os.path.abspath(folder))
    package = importlib.import_module(name)
    shards = importlib.import_module(name + ".shards")
    train = package.train
    model = package.initial_model()
    model.train()
    optimizer = train.make_optimizer(model)
    feeds, same_ids = random_batch(shards.INPUTS, batch, bounds)
    # The schedule's length: the spec's steps, else long enough that it never ends here.
    total = train.STEPS or 1_000_000
    counter = [0]

    def step():
        loss = train.train_step(model, optimizer, feeds, same_ids, counter[0] % total, total)
        counter[0] += 1
        return loss

    serve(step)


if __name__ == "__main__":
    main()
