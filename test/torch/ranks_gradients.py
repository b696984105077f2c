"""Loss, gradients and batch-norm running statistics of one saved batch, for the 2-rank parity test.

    python3 ranks_gradients.py PACKAGE:BATCH_DIR:OUT_DIR ...

As one process (no RANK in the environment) it is the plain model on the whole batch. As a
rank of a distributed run, each rank takes its equal slice of the batch's rows and goes
through the package's distributed path: gather_with_grad in the losses, global batch-norm
statistics, distributed.average_gradients. Rank 0 writes OUT_DIR/grads.* and OUT_DIR/state.*.
"""
import importlib
import os
import sys

import torch
import torch.distributed as dist


def run(package, batch_dir, out_dir):
    pkg = importlib.import_module(package)
    gradients = importlib.import_module(package + ".gradients")
    distributed = importlib.import_module(package + ".distributed")
    tensors = importlib.import_module(package + ".tensors")
    torch.manual_seed(0)
    model = pkg.initial_model()
    model.train()
    feeds, same_ids = gradients.read_batch(batch_dir)
    if dist.is_initialized():
        rank, world = dist.get_rank(), dist.get_world_size()
        rows = same_ids.shape[0] // world
        feeds = {k: v[rank * rows:(rank + 1) * rows] for k, v in feeds.items()}
        same_ids = same_ids[rank * rows:(rank + 1) * rows]
    loss = model.objective(feeds, same_ids)
    loss.backward()
    value = distributed.average_gradients(model, loss) if dist.is_initialized() else loss.item()
    if dist.is_initialized() and dist.get_rank() != 0:
        return
    grads = [(n, p.grad if p.grad is not None else torch.zeros_like(p)) for n, p in model.named_parameters()]
    tensors.write_tensors(out_dir, "grads", grads, {"loss": value})
    tensors.write_tensors(out_dir, "state", list(model.named_buffers()))


if __name__ == "__main__":
    if "RANK" in os.environ:
        dist.init_process_group("gloo")
    for job in sys.argv[1:]:
        run(*job.split(":"))
    if dist.is_initialized():
        dist.destroy_process_group()
