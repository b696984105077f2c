// shards.py of the exported package: one rank's share of an `mmc data export` folder (train
// shard i belongs to rank i % world), decoded into the feeds model.py takes, and the seeded
// sampler that draws each rank's slice of every global batch, as src/runtime/run/batches.ts
// draws mmc's batches: shuffled items, or whole swap groups with `batches: groups`.
import type { IRProgram } from "../ir/ir.js";

export function shardsPy(ir: IRProgram): string {
  const inputs = ir.inputs.map((i) => {
    const shape = ir.nodes[i.node]!.shape.map((d) => d.size ?? null);
    return `    (${JSON.stringify(i.name)}, ${JSON.stringify(i.kind)}, ${JSON.stringify(shape.slice(1)).replace(/null/g, "None")}),`;
  });
  return `"""One rank's items of an \`mmc data export\` folder, and the seeded global-batch sampler.

Each sample of a shard is <key>.png (8-bit RGB or grey), <key>.txt (the caption) and
<key>.json ({"tokens": [...], "label_index": k, "group": g}, the last two when the data has them).
"""
import hashlib
import io
import json
import os
import tarfile

import numpy as np
import torch

FORMAT = "mmc-shards/1"
# The spec's inputs: name, kind and shape without the batch axis.
INPUTS = [
${inputs.join("\n")}
]
# "random": shuffled items; "groups": whole swap groups, so a batch holds its hard negatives.
BATCHES = ${JSON.stringify(ir.train.batches)}


class DataError(Exception):
    """A data problem the user can fix; the message names the file."""


def read_info(folder):
    path = os.path.join(folder, "info.json")
    try:
        with open(path) as f:
            info = json.load(f)
    except FileNotFoundError:
        raise DataError(f"{path} is missing: --shards must be a folder written by mmc data export") from None
    except json.JSONDecodeError as e:
        raise DataError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    if info.get("format") != FORMAT:
        raise DataError(f"{path}: format {info.get('format')!r} is not {FORMAT!r}; export the data again with this mmc")
    return info


def rank_shards(folder, info, rank, world):
    """The train shards of one rank: shard i belongs to rank i % world."""
    names = info["train"]["shards"]
    if len(names) < world:
        raise DataError(f"{os.path.join(folder, 'info.json')}: {len(names)} train shard(s) for {world} processes; export at least one shard per process")
    return [os.path.join(folder, n) for i, n in enumerate(names) if i % world == rank]


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise DataError("decoding the shards' PNG images needs Pillow: apt-get install python3-pil (or pip install pillow)") from None
    return Image


def _caption_id(caption):
    """Equal captions get equal ids on every rank (a 56-bit hash; mmc numbers them instead)."""
    return int.from_bytes(hashlib.blake2b(caption.encode("utf8"), digest_size=7).digest(), "little")


def _members(path):
    """key -> {extension: bytes}, in the tar's order."""
    samples = {}
    try:
        with tarfile.open(path) as tar:
            for m in tar:
                if m.isfile():
                    key, _, ext = os.path.basename(m.name).partition(".")
                    samples.setdefault(key, {})[ext] = tar.extractfile(m).read()
    except (OSError, tarfile.TarError) as e:
        raise DataError(f"{path}: cannot read the shard ({e})") from None
    return samples


def _decode(path, key, files, image_size):
    where = f"{path}: sample {key}"
    for ext in ("png", "txt", "json"):
        if ext not in files:
            raise DataError(f"{where} has no {key}.{ext}; export the data again")
    try:
        meta = json.loads(files["json"])
    except ValueError as e:
        raise DataError(f"{where}: {key}.json is not valid JSON ({e})") from None
    h, w, c = image_size
    try:
        image = _pil().open(io.BytesIO(files["png"])).convert("L" if c == 1 else "RGB")
    except DataError:
        raise
    except Exception as e:
        raise DataError(f"{where}: {key}.png is not a readable PNG ({e})") from None
    if image.size != (w, h):
        raise DataError(f"{where}: {key}.png is {image.size[0]}x{image.size[1]}, info.json says {w}x{h}")
    pixels = np.asarray(image, dtype=np.float32).reshape(h, w, c) / np.float32(255)
    return pixels, files["txt"].decode("utf8"), meta


class RankData:
    """One rank's train items, decoded: images [n, H, W, C] in [0, 1], tokens [n, L], labels,
    swap groups and caption ids [n]."""

    def __init__(self, paths, info):
        image_size = info["imageSize"]
        for name, kind, shape in INPUTS:
            if kind == "image" and list(shape) != list(image_size):
                raise DataError(f"info.json: the images are {image_size}, the spec's input {name} takes {shape}; export the data again with this spec")
        images, tokens, labels, groups, ids = [], [], [], [], []
        for path in paths:
            for key, files in _members(path).items():
                pixels, caption, meta = _decode(path, key, files, image_size)
                images.append(pixels)
                tokens.append(meta.get("tokens"))
                labels.append(meta.get("label_index"))
                groups.append(meta.get("group"))
                ids.append(_caption_id(caption))
                self._check(path, key, meta)
        self.count = len(images)
        self.paths = paths
        self.images = np.stack(images) if images else np.zeros((0, *image_size), np.float32)
        self.tokens = np.asarray(tokens, dtype=np.int64) if self.count and tokens[0] is not None else None
        self.labels = np.asarray(labels, dtype=np.int64) if self.count and labels[0] is not None else None
        self.groups = groups if self.count and groups[0] is not None else None
        self.caption_ids = np.asarray(ids, dtype=np.int64)

    @staticmethod
    def _check(path, key, meta):
        for name, kind, shape in INPUTS:
            if kind == "tokens":
                t = meta.get("tokens")
                if not isinstance(t, list) or len(t) != shape[0]:
                    got = "none" if t is None else f"{len(t)}" if isinstance(t, list) else repr(t)
                    raise DataError(f"{path}: sample {key}.json has {got} tokens, the spec's input {name} takes {shape[0]}; export the data again with this spec")
            elif kind == "labels" and not isinstance(meta.get("label_index"), int):
                raise DataError(f"{path}: sample {key}.json has no label_index, which the spec's input {name} needs")

    def feeds(self, idx, device):
        feeds = {}
        for name, kind, _ in INPUTS:
            if kind == "image":
                feeds[name] = torch.from_numpy(self.images[idx]).to(device)
            elif kind == "tokens":
                feeds[name] = torch.from_numpy(self.tokens[idx]).to(device)
            else:
                feeds[name] = torch.from_numpy(self.labels[idx]).to(device)
        return feeds, torch.from_numpy(self.caption_ids[idx]).to(device)


class Sampler:
    """This rank's slice of each global batch, a pure function of (seed, rank, step) so that a
    resumed run draws what the uninterrupted one would have. Units (items, or whole swap
    groups) are shuffled once an epoch; steps_per_epoch must be the same on every rank."""

    def __init__(self, data, rank_batch, seed, rank):
        if BATCHES == "groups" and data.groups is not None:
            by_group = {}
            for i, g in enumerate(data.groups):
                by_group.setdefault(g, []).append(i)
            self.units = list(by_group.values())
        else:
            self.units = [[i] for i in range(data.count)]
        size = len(self.units[0]) if self.units else 1
        if any(len(u) != size for u in self.units):
            raise DataError(f"{', '.join(data.paths)}: swap groups of different sizes cannot fill equal batches on every rank")
        if BATCHES == "groups" and rank_batch % size:
            raise DataError(f"batches: groups needs each process's share of the batch ({rank_batch}) to hold whole swap groups of {size}; choose a process count that leaves a multiple of {size} per process")
        self.units_per_batch = max(1, rank_batch // size)
        self.steps_per_epoch = len(self.units) // self.units_per_batch
        if self.steps_per_epoch == 0:
            raise DataError(f"{', '.join(data.paths)}: rank {rank}'s shards hold {data.count} items, fewer than its share of the batch ({rank_batch}); use fewer processes or more data")
        self.seed, self.rank = seed, rank
        self._epoch, self._order = None, None

    def indices(self, step):
        epoch = step // self.steps_per_epoch
        if epoch != self._epoch:
            rng = np.random.default_rng([self.seed, epoch, self.rank])
            self._epoch, self._order = epoch, rng.permutation(len(self.units))
        start = (step % self.steps_per_epoch) * self.units_per_batch
        return np.asarray([i for u in self._order[start:start + self.units_per_batch] for i in self.units[u]], dtype=np.int64)
`;
}
