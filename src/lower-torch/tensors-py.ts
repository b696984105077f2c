// tensors.py of the exported package: the one way the package writes tensors for mmc to read
// (gradients, replayed weights, trained weights): NAME.bin, little-endian float32 one tensor
// after another in torch layouts, and NAME.json indexing it.
export const TENSORS_PY = `"""Writes tensors as mmc reads them: STEM.bin (little-endian float32, one tensor after
another) and STEM.json ({...meta, "tensors": [{"name", ...extra, "shape", "offset"}]}, offsets
in floats). Both go through temporary files renamed into place, so no reader sees half a file.
"""
import json
import os

import numpy as np


def write_tensors(folder, stem, tensors, meta=None, extra=None):
    """tensors: (name, tensor) pairs, in file order; extra: name -> more index fields."""
    index, chunks, offset = [], [], 0
    for name, tensor in tensors:
        values = tensor.detach().float().cpu().reshape(-1).numpy().astype("<f4")
        index.append({"name": name, **((extra or {}).get(name, {})), "shape": list(tensor.shape), "offset": offset})
        chunks.append(values)
        offset += values.size
    os.makedirs(folder, exist_ok=True)
    data = np.concatenate(chunks) if chunks else np.zeros(0, dtype="<f4")
    _replace(os.path.join(folder, stem + ".bin"), lambda f: f.write(data.tobytes()), "wb")
    _replace(os.path.join(folder, stem + ".json"), lambda f: json.dump({**(meta or {}), "tensors": index}, f), "w")


def _replace(path, write, mode):
    partial = path + ".partial"
    with open(partial, mode) as f:
        write(f)
    os.replace(partial, path)
`;
