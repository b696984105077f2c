// ops.py of the exported package: the Python twin of src/lower/ops.ts, activations.ts and
// attention.ts. Tensors stay in mmc's layouts (images NHWC, sequences [B, L, D]) so the IR's
// axes hold unchanged; convolutions and pools go through NCHW only inside one call.
export const OPS_PY = `"""The ops of mmc's IR in PyTorch, computing what the tfjs lowering computes.

Images are NHWC as in mmc; convolutions and pools permute to NCHW inside the call.
"""
import math

import torch
import torch.distributed as dist
import torch.nn.functional as F

# Large negative used instead of -inf in masks so that no softmax row becomes NaN.
MASKED = -1e9
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


def activate(x, name):
    if name in ("linear", "none"):
        return x
    if name == "relu":
        return torch.relu(x)
    if name == "gelu":  # the tanh approximation, as mmc's tfjs lowering
        return x * 0.5 * (1 + torch.tanh((x + x.pow(3) * 0.044715) * SQRT_2_OVER_PI))
    if name == "tanh":
        return torch.tanh(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "silu":
        return x * torch.sigmoid(x)
    if name == "leaky_relu":
        return F.leaky_relu(x, 0.2)
    if name == "elu":
        return F.elu(x)
    if name == "softplus":
        return F.softplus(x)
    raise ValueError("unknown activation " + name)


def _same_padding(size, kernel, stride, dilation):
    """TensorFlow's "same": the output is ceil(size / stride); the extra pixel goes last."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def _pads(x, padding, kernel, stride, dilation=(1, 1)):
    """(top, bottom, left, right) of an NCHW x."""
    if padding == "valid":
        return 0, 0, 0, 0
    return _same_padding(x.shape[2], kernel[0], stride[0], dilation[0]) + _same_padding(x.shape[3], kernel[1], stride[1], dilation[1])


def _pad_nchw(x, padding, kernel, stride, dilation=(1, 1), value=0.0):
    top, bottom, left, right = _pads(x, padding, kernel, stride, dilation)
    return F.pad(x, (left, right, top, bottom), value=value) if top or bottom or left or right else x


def conv2d(x, kernel, bias, stride, dilation, padding, activation="linear"):
    """x NHWC, kernel OIHW (nn.Conv2d's layout). The bias is added apart: torch's CPU conv
    backward sums the bias gradient over batch x H x W with float32 errors of 2e-4 of its
    largest entry at batch 64 on 30x30 maps; autograd's sum of the broadcast gives 2e-7."""
    n = x.permute(0, 3, 1, 2)
    top, bottom, left, right = _pads(n, padding, kernel.shape[2:], stride, dilation)
    if top == bottom and left == right:
        # Symmetric (odd kernels at stride 1): the convolution pads, saving a padded copy forward and backward.
        y = F.conv2d(n, kernel, None, stride=stride, dilation=dilation, padding=(top, left))
    else:
        y = F.conv2d(F.pad(n, (left, right, top, bottom)), kernel, None, stride=stride, dilation=dilation)
    y = y.permute(0, 2, 3, 1)
    if bias is not None:
        y = y + bias
    return activate(y, activation)


def max_pool(x, size, stride, padding):
    n = _pad_nchw(x.permute(0, 3, 1, 2), padding, size, stride, value=-math.inf)
    return F.max_pool2d(n, size, stride).permute(0, 2, 3, 1)


def avg_pool(x, size, stride, padding):
    """TensorFlow's average leaves the padding out of each window's count."""
    n = x.permute(0, 3, 1, 2)
    if padding == "valid":
        return F.avg_pool2d(n, size, stride).permute(0, 2, 3, 1)
    total = F.avg_pool2d(_pad_nchw(n, padding, size, stride), size, stride)
    count = F.avg_pool2d(_pad_nchw(torch.ones_like(n[:, :1]), padding, size, stride), size, stride)
    return (total / count).permute(0, 2, 3, 1)


def patch_embed(x, kernel, bias, size):
    y = conv2d(x, kernel, bias, (size, size), (1, 1), "valid")
    return y.reshape(y.shape[0], y.shape[1] * y.shape[2], y.shape[3])


def augment(x, crop, flip, jitter, training):
    """Random crop (pad, crop back), horizontal flip and colour jitter per image, in training only.
    The same distributions as mmc's, drawn from torch's generator (not mmc's draws)."""
    if not training:
        return x
    b, h, w, c = x.shape
    if crop > 0:
        padded = F.pad(x, (0, 0, crop, crop, crop, crop))
        offsets = torch.randint(0, 2 * crop + 1, (b, 2)).tolist()
        x = torch.stack([padded[i, dy:dy + h, dx:dx + w] for i, (dy, dx) in enumerate(offsets)])
    if flip:
        m = (torch.rand(b, 1, 1, 1, device=x.device) < 0.5).float()
        x = x.flip(2) * m + x * (1 - m)
    if jitter > 0:
        brightness = (torch.rand(b, 1, 1, 1, device=x.device) * 2 - 1) * jitter
        contrast = 1 + (torch.rand(b, 1, 1, 1, device=x.device) * 2 - 1) * jitter
        mean = x.mean((1, 2, 3), keepdim=True)
        x = torch.clamp((x - mean) * contrast + mean + brightness, 0, 1)
    return x


def dense(x, weight, bias, activation):
    """weight [out, in] (nn.Linear's layout), over the last axis."""
    return activate(F.linear(x, weight, bias), activation)


def layer_norm(x, gamma, beta, epsilon):
    mean = x.mean(-1, keepdim=True)
    variance = (x - mean).pow(2).mean(-1, keepdim=True)
    return (x - mean) * torch.rsqrt(variance + epsilon) * gamma + beta


class _AllReduceSum(torch.autograd.Function):
    """The sum over ranks; its gradient is the sum over ranks of the gradients, since every
    rank's outputs depend on every rank's contribution."""

    @staticmethod
    def forward(ctx, x):
        y = x.clone()
        dist.all_reduce(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        g = grad.clone()
        dist.all_reduce(g)
        return g


def _distributed():
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def _batch_statistics(x, axes):
    """Mean and biased variance over axes; in a distributed run over the global batch (torch
    1.13's SyncBatchNorm runs on CUDA only, so the sums are all-reduced here)."""
    if not _distributed():
        mean = x.mean(axes)
        return mean, (x - mean).pow(2).mean(axes)
    count = x.numel() // x.shape[-1] * dist.get_world_size()
    mean = _AllReduceSum.apply(x.sum(axes)) / count
    return mean, _AllReduceSum.apply((x - mean).pow(2).sum(axes)) / count


def batch_norm(x, gamma, beta, running_mean, running_var, momentum, epsilon, training):
    """Batch statistics over every axis but the last in training (updating the running ones
    with mmc's rule: new = old * momentum + batch * (1 - momentum), biased variance)."""
    if training:
        mean, variance = _batch_statistics(x, tuple(range(x.dim() - 1)))
        with torch.no_grad():
            running_mean.mul_(momentum).add_(mean.detach() * (1 - momentum))
            running_var.mul_(momentum).add_(variance.detach() * (1 - momentum))
    else:
        mean, variance = running_mean, running_var
    y = (x - mean) * torch.rsqrt(variance + epsilon)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    return y


def reduce(x, reduction, axes):
    if reduction == "mean":
        return x.mean(axes)
    if reduction == "sum":
        return x.sum(axes)
    return torch.amax(x, axes)


def _split_heads(x, heads):
    b, length, d = x.shape
    return x.reshape(b, length, heads, d // heads).permute(0, 2, 1, 3)


def multi_head_attention(queries, keys_values, p, heads, key_tokens=None, causal=False):
    """queries [B, Lq, D] attend to keys/values [B, Lk, E]; key_tokens [B, Lk] (0 = padding)
    masks padded keys; causal masks later positions. Weights [out, in]."""
    b, lq, d = queries.shape
    lk = keys_values.shape[1]
    q = _split_heads(F.linear(queries, p["wq"], p["bq"]), heads)
    k = _split_heads(F.linear(keys_values, p["wk"], p["bk"]), heads)
    v = _split_heads(F.linear(keys_values, p["wv"], p["bv"]), heads)
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1 / math.sqrt(d / heads))
    if key_tokens is not None:
        scores = scores + ((key_tokens == 0).float() * MASKED).reshape(b, 1, 1, lk)
    if causal:
        upper = 1 - torch.tril(torch.ones(lq, lk, device=scores.device))
        scores = scores + upper * MASKED
    weights = torch.softmax(scores, -1)
    mixed = torch.matmul(weights, v).permute(0, 2, 1, 3).reshape(b, lq, d)
    return F.linear(mixed, p["wo"], p["bo"])


def attention_pool(x, p, heads, key_tokens=None):
    b = x.shape[0]
    query = p["query"].unsqueeze(0).expand(b, -1, -1)
    return multi_head_attention(query, x, p, heads, key_tokens).reshape(b, x.shape[2])


def gated(a, b, kernel, bias):
    gate = torch.sigmoid(F.linear(torch.cat([a, b], -1), kernel, bias))
    return gate * a + (1 - gate) * b
`;
