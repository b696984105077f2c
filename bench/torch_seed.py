"""The seed model in PyTorch (CPU), the reference the benchmark compares against.

Same model as bench/seed-handwritten.ts: conv3x3 3->32 relu, conv3x3 32->64 relu (same
padding), mean over H,W, dense 64->128; embedding 128x128, mean over tokens, dense 128->64
relu, dense 64->128; symmetric InfoNCE at temperature 0.07; Adam lr 1e-3; batch 64.

Protocol (driven by bench/torch-contender.ts): prints one JSON line {"ready": ...} and
then, for every line "N" read from stdin, runs N steps and prints a JSON list of their
times in ms: {"wallMs": ..., "cpuMs": ...} (CPU time of the process, all threads). The line "peak" measures a large float32 matmul (GFLOP/s). EOF ends it.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Seed(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.image_proj = nn.Linear(64, 128)
        self.embedding = nn.Embedding(128, 128)
        self.text1 = nn.Linear(128, 64)
        self.text2 = nn.Linear(64, 128)

    def forward(self, images, tokens):
        h = F.relu(self.conv1(images))
        h = F.relu(self.conv2(h))
        image = self.image_proj(h.mean(dim=(2, 3)))
        t = self.embedding(tokens).mean(dim=1)
        text = self.text2(F.relu(self.text1(t)))
        return image, text


def infonce(image, text, temperature=0.07):
    logits = F.normalize(image, dim=1) @ F.normalize(text, dim=1).t() / temperature
    target = torch.arange(logits.shape[0])
    return (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2


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


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Seed()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = torch.rand(batch, 3, 32, 32)
    tokens = torch.randint(0, 128, (batch, 12))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = infonce(*model(images, tokens))
        loss.backward()
        opt.step()
        return loss.item()

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


if __name__ == "__main__":
    main()
