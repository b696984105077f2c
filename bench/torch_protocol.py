"""The line protocol a PyTorch benchmark contender speaks (driven by bench/torch-contender.ts).

serve(step) prints one JSON line {"ready": true, "torch": ..., "threads": ...} and then, for
every line "N" read from stdin, runs step() N times and prints a JSON list of their times in
ms: {"wallMs": ..., "cpuMs": ...} (CPU time of the process, all threads). The line "peak"
measures a large float32 matmul (GFLOP/s). EOF ends it.
"""
import json
import sys
import time

import torch


def peak_gflops(n=2048, reps=5):
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    a @ b
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t0)
    return 2 * n**3 / best / 1e9


def serve(step):
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "peak":
            print(json.dumps({"peak_gflops": peak_gflops()}), flush=True)
            continue
        times = []
        for _ in range(int(cmd)):
            t0, c0 = time.perf_counter(), time.process_time()
            step()
            times.append({"wallMs": (time.perf_counter() - t0) * 1000, "cpuMs": (time.process_time() - c0) * 1000})
        print(json.dumps(times), flush=True)
