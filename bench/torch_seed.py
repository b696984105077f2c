"""The seed model in PyTorch (CPU), the reference the benchmark compares against.

Same model as bench/seed-handwritten.ts: conv3x3 3->32 relu, conv3x3 32->64 relu (same
padding), mean over H,W, dense 64->128; embedding 128x128, mean over tokens, dense 128->64
relu, dense 64->128; symmetric InfoNCE at temperature 0.07; Adam lr 1e-3; batch 64.

Arguments: threads, batch. It speaks bench/torch_protocol.py's line protocol.
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_protocol import serve


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

    serve(step)


if __name__ == "__main__":
    main()
