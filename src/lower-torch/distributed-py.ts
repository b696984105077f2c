// distributed.py of the exported package: torchrun's entry point that trains the model on an
// `mmc data export` folder with one process a rank, printing JSON progress lines that mmc's
// torch engine reads, and writing weights in the package's own weights.json format.
import type { IRProgram } from "../ir/ir.js";

export function distributedPy(ir: IRProgram): string {
  return `"""Trains \`${ir.model}\` on \`mmc data export\` shards, one process a rank.

    torchrun --standalone --nproc_per_node N -m <package>.distributed --shards DIR --out DIR \\\\
        --steps S [--device cpu|cuda] [--resume DIR] [--checkpoint-every K]
    python3 -m <package>.distributed --nproc N ...    (the same without torchrun, see launch.py)

Rank 0 prints one JSON object a line on stdout: start, step (every step), checkpoint, then done,
interrupted or error (exit 1); everything else goes to stderr. On SIGINT/SIGTERM the ranks
finish the step under way, agree on it, and rank 0 writes OUT/checkpoint.pt (which --resume
continues from) and OUT/weights.json + weights.bin (the format of the package's own).
Run without torchrun or --nproc, it trains as a single process.
"""
import argparse
import json
import math
import os
import signal
import sys
import time
import traceback

import torch
import torch.distributed as dist

from . import shards, train
from .launch import launch
from .model import initial_model
from .tensors import write_tensors

PACKAGE = os.path.dirname(os.path.abspath(__file__))


class UsageError(Exception):
    """A problem the user can fix, reported as an error event."""


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}, separators=(",", ":")), flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="distributed", description=__doc__.splitlines()[0])
    p.add_argument("--shards", required=True, help="folder written by mmc data export")
    p.add_argument("--out", required=True, help="folder for checkpoint.pt and weights.json/.bin")
    p.add_argument("--steps", type=int, required=True, help="optimizer steps in all")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--resume", help="an earlier --out folder whose checkpoint.pt to continue from")
    p.add_argument("--checkpoint-every", type=int, default=0, help="also write checkpoint.pt every K steps")
    p.add_argument("--eval-every", type=int, default=0, help="also write the weights every K steps into OUT/eval-STEP, for mmc to evaluate")
    p.add_argument("--nproc", type=int, default=0, help="start N ranks here (when not started by torchrun)")
    return p.parse_args(argv)


def without_nproc(argv):
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--nproc":
            skip = True
        elif not a.startswith("--nproc="):
            out.append(a)
    return out


class StopFlag:
    """Set by SIGINT/SIGTERM; the ranks act on it together at a step boundary."""

    def __init__(self):
        self.requested = False
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._request)

    def _request(self, signum, frame):
        self.requested = True


def world_size():
    return dist.get_world_size() if dist.is_initialized() else 1


def agreed_max(value, device):
    """The largest value over the ranks."""
    if not dist.is_initialized():
        return value
    t = torch.tensor([value], dtype=torch.int64, device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return int(t.item())


def agree_on_errors(fn):
    """Runs fn on every rank; if it fails on any rank with a problem the user can fix, every
    rank raises that rank's message (so no rank waits alone in a collective)."""
    try:
        result, message = fn(), None
    except (UsageError, shards.DataError) as e:
        result, message = None, str(e)
    messages = [message]
    if dist.is_initialized():
        messages = [None] * world_size()
        dist.all_gather_object(messages, message)
    for m in messages:
        if m is not None:
            raise UsageError(m)
    return result


def temperature(model):
    """1 / exp(the loss's first learnable log logit scale), as mmc's progress shows it; None without one."""
    for name, p in model.loss.named_parameters():
        if name.endswith("logit_scale"):
            return 1.0 / math.exp(p.item())
    return None


def average_gradients(model, loss):
    """Averages the gradients and the loss over the ranks in one all_reduce; with the
    contrastive losses' gather_with_grad this is the one-process gradient of the global
    batch. Returns the global loss. Frozen towers' parameters take no gradient and are left out."""
    params = [p for p in model.parameters() if p.requires_grad]
    grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in params]
    flat = torch.cat([loss.detach().reshape(1)] + [g.reshape(-1) for g in grads])
    if world_size() > 1:
        dist.all_reduce(flat)
        flat /= world_size()
    offset = 1
    for p in params:
        p.grad = flat[offset:offset + p.numel()].view_as(p).clone()
        offset += p.numel()
    return flat[0].item()


def save_checkpoint(out, model, optimizer, step, steps):
    path = os.path.join(out, "checkpoint.pt")
    os.makedirs(out, exist_ok=True)
    # The sampler and dropout are functions of (seed, rank, step): the step is all the RNG state a resume needs.
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step, "steps": steps, "world": world_size(), "seed": train.SEED}, path + ".partial")
    os.replace(path + ".partial", path)
    emit("checkpoint", step=step, path=path)


def write_weights(out, model):
    """OUT/weights.json + weights.bin, entry for entry as the package's initial ones."""
    with open(os.path.join(PACKAGE, "weights.json")) as f:
        index = json.load(f)
    state = model.state_dict()
    entries = index["tensors"]
    write_tensors(out, "weights", [(e["name"], state[e["name"]]) for e in entries], {"model": index["model"], "seed": index["seed"]}, {e["name"]: {"key": e["key"]} for e in entries})


def resume(path, model, optimizer, device):
    file = os.path.join(path, "checkpoint.pt")
    if not os.path.isfile(file):
        raise UsageError(f"{file} is missing: --resume takes the torch-out folder of an earlier run")
    try:
        ckpt = torch.load(file, map_location=device)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
    except Exception as e:  # unreadable, or written for another spec
        raise UsageError(f"{file} cannot be resumed with this model ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'no detail'}); start a new run") from None
    if ckpt.get("world") != world_size():
        print(f"resuming a run of {ckpt.get('world')} processes with {world_size()}: the batches drawn from here on differ", file=sys.stderr)
    return int(ckpt["step"])


def load_data(args, rank, world):
    if train.BATCH % world:
        raise UsageError(f"train.batch {train.BATCH} does not split evenly over {world} processes; choose a process count that divides it")
    info = shards.read_info(args.shards)
    data = shards.RankData(shards.rank_shards(args.shards, info, rank, world), info)
    return data, shards.Sampler(data, train.BATCH // world, train.SEED, rank)


def run(args, rank, world, device, stop):
    data, sampler = agree_on_errors(lambda: load_data(args, rank, world))
    # Every rank must see the same epochs: the smallest share sets their length.
    sampler.steps_per_epoch = -agreed_max(-sampler.steps_per_epoch, device)
    model = initial_model().to(device)
    model.train()
    optimizer = train.make_optimizer(model)
    step = agree_on_errors(lambda: resume(args.resume, model, optimizer, device)) if args.resume else 0
    if rank == 0:
        emit("start", world=world, device=args.device, torch=torch.__version__, steps=args.steps, batch=train.BATCH)
    began = time.time()
    interrupted = False
    while step < args.steps:
        if agreed_max(int(stop.requested), device):
            interrupted = True
            break
        torch.manual_seed(train.SEED * 1_000_003 + step * world + rank)
        feeds, same_ids = data.feeds(sampler.indices(step), device)
        loss = train.train_step(model, optimizer, feeds, same_ids, step, args.steps, reduce=average_gradients)
        step += 1
        if not math.isfinite(loss):
            raise UsageError(f"the loss became {loss} at step {step}; lower the learning rate or set train.clip")
        if rank == 0:
            t = temperature(model)
            emit("step", step=step, steps=args.steps, loss=loss, lr=train.learning_rate(step - 1, args.steps), elapsed_s=round(time.time() - began, 3), **({} if t is None else {"temperature": t}))
            if args.eval_every > 0 and step % args.eval_every == 0 and step < args.steps:
                folder = os.path.join(args.out, f"eval-{step:06d}")
                write_weights(folder, model)
                emit("weights", step=step, path=folder)
            if args.checkpoint_every > 0 and step % args.checkpoint_every == 0 and step < args.steps:
                save_checkpoint(args.out, model, optimizer, step, args.steps)
    if rank == 0:
        save_checkpoint(args.out, model, optimizer, step, args.steps)
        write_weights(args.out, model)
        emit("interrupted" if interrupted else "done", step=step, elapsed_s=round(time.time() - began, 3))
    if dist.is_initialized():
        dist.barrier()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.nproc > 0 and "RANK" not in os.environ:
        return launch(__spec__.name, args.nproc, without_nproc(argv))
    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    stop = StopFlag()
    if args.device == "cuda":
        if not torch.cuda.is_available():
            if rank == 0:
                emit("error", message="--device cuda, but this PyTorch sees no CUDA device; use --device cpu")
            return 1
        local = int(os.environ.get("LOCAL_RANK", "0"))
        if local >= torch.cuda.device_count():
            if rank == 0:
                emit("error", message=f"{world} processes on --device cuda need a GPU each; this machine has {torch.cuda.device_count()}")
            return 1
        torch.cuda.set_device(local)
    device = torch.device("cuda" if args.device == "cuda" else "cpu")
    if world > 1:
        dist.init_process_group("nccl" if args.device == "cuda" else "gloo")
    try:
        run(args, rank, world, device, stop)
        return 0
    except (UsageError, shards.DataError) as e:
        if rank == 0:
            emit("error", message=str(e))
        return 1
    except Exception as e:  # a bug: the trace goes to stderr, the event names it
        traceback.print_exc()
        if rank == 0:
            emit("error", message=f"internal error in distributed.py: {type(e).__name__}: {e}")
        return 1
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


if __name__ == "__main__":
    sys.exit(main())
`;
}
