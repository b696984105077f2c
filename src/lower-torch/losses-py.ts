// losses.py of the exported package: the Python twin of src/runtime/train/{infonce,siglip,
// triplet,cross-entropy,positives}.ts and the smoothing of src/runtime/run/objective.ts, and
// the gathering that lets ranks of a distributed run compute the global batch's contrastive loss.
export const LOSSES_PY = `"""mmc's losses in PyTorch, computing what src/runtime/train computes.

same_ids: per-item caption ids [B] (equal ids = identical captions, never each other's
negatives), or None when only the diagonal matches.

In a distributed run (torch.distributed initialised) the contrastive losses see every rank's
items: their inputs and same_ids go through gather_with_grad / gather_ids first.
"""
import math

import torch
import torch.distributed as dist
import torch.nn.functional as F

MASKED = -1e9
# Stand-in for +/-inf in masked argmin/argmax, far outside the distance range [0, 2].
FAR = 1e4
# CLIP clamps the log inverse temperature to [0, ln 100] after each optimizer step.
LOGIT_SCALE_MAX = math.log(100)


def _distributed():
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


class _GatherWithGrad(torch.autograd.Function):
    """Every rank's rows in rank order; gradient flows back to this rank's own slice only.

    Every rank computes the same global loss from the gathered rows, so the gradient of that
    loss with respect to this rank's rows is the same on all ranks: the sum over ranks that
    the global loss has is world times it. The slice's gradient is scaled by the world here
    and the training step averages gradients over ranks, which together give exactly the
    one-process gradient of the global batch (local losses such as cross_entropy, averaged
    over ranks, get theirs from the same averaging).
    """

    @staticmethod
    def forward(ctx, x):
        parts = [torch.empty_like(x) for _ in range(dist.get_world_size())]
        dist.all_gather(parts, x.contiguous())
        ctx.rank, ctx.world, ctx.rows = dist.get_rank(), dist.get_world_size(), x.shape[0]
        return torch.cat(parts, 0)

    @staticmethod
    def backward(ctx, grad):
        start = ctx.rank * ctx.rows
        return grad[start:start + ctx.rows] * ctx.world


def gather_with_grad(x):
    """x [b, ...] on each rank -> [world * b, ...]; x itself outside a distributed run."""
    return _GatherWithGrad.apply(x) if _distributed() else x


def gather_ids(same_ids):
    """Every rank's caption ids in rank order (no gradient); None stays None."""
    if same_ids is None or not _distributed():
        return same_ids
    parts = [torch.empty_like(same_ids) for _ in range(dist.get_world_size())]
    dist.all_gather(parts, same_ids.contiguous())
    return torch.cat(parts, 0)


def l2_normalize_rows(x, eps=1e-12):
    return x * torch.rsqrt(torch.clamp((x * x).sum(1, keepdim=True), min=eps))


def positives_mask(b, same_ids, device=None):
    eye = torch.eye(b, device=device)
    if same_ids is None:
        return eye
    same = (same_ids.reshape(-1, 1) == same_ids.reshape(1, -1)).float()
    return torch.maximum(same, eye)


def _hard_negative_log_weights(logits, negatives, beta):
    is_neg = negatives > 0
    scaled = logits * beta
    lse = torch.logsumexp(torch.where(is_neg, scaled, torch.full_like(scaled, MASKED)), 1, keepdim=True)
    count = torch.clamp(negatives.sum(1, keepdim=True), min=1)
    log_w = scaled - lse + torch.log(count)
    return torch.where(is_neg, log_w, torch.zeros_like(logits))


def _row_contrastive(logits, same, beta):
    b = logits.shape[0]
    diag = torch.eye(b, device=logits.device)
    others = (same - diag) > 0
    adjusted = torch.where(others, torch.full_like(logits, MASKED), logits)
    if beta > 0:  # the weights are constants of the backward pass
        adjusted = adjusted + _hard_negative_log_weights(logits.detach(), 1 - same, beta)
    return -(diag * torch.log_softmax(adjusted, 1)).sum(1).mean()


def infonce(a, b, logit_scale, same_ids=None, hard_negatives=0.0):
    logits = torch.exp(logit_scale) * (l2_normalize_rows(a) @ l2_normalize_rows(b).t())
    same = positives_mask(a.shape[0], same_ids, a.device)
    return (_row_contrastive(logits, same, hard_negatives) + _row_contrastive(logits.t(), same.t(), hard_negatives)) / 2


def siglip(a, b, logit_scale, logit_bias, same_ids=None):
    cos = l2_normalize_rows(a) @ l2_normalize_rows(b).t()
    logits = torch.exp(logit_scale) * cos + logit_bias
    z = positives_mask(a.shape[0], same_ids, a.device) * 2 - 1
    return F.softplus(-(z * logits)).sum() / a.shape[0]


def _mine_negatives(dist, negatives, mining):
    b = dist.shape[0]
    is_neg = negatives > 0
    far = torch.full_like(dist, FAR)
    index = torch.argmin(torch.where(is_neg, dist, far), 1)
    if mining == "semi_hard":
        beyond = is_neg & (dist > torch.diagonal(dist).reshape(b, 1))
        semi_hard = torch.argmin(torch.where(beyond, dist, far), 1)
        farthest = torch.argmax(torch.where(is_neg, dist, -far), 1)
        index = torch.where(beyond.any(1), semi_hard, farthest)
    return F.one_hot(index, b).float()


def _anchor_losses(dist, negatives, margin, mining):
    pos = torch.diagonal(dist)
    neg_count = negatives.sum(1)
    has_neg = (neg_count > 0).float()
    if mining == "all":
        hinge = torch.relu(pos.reshape(-1, 1) - dist + margin) * negatives
        per_anchor = hinge.sum(1) / torch.clamp(neg_count, min=1)
    else:
        pick = _mine_negatives(dist.detach(), negatives, mining)
        per_anchor = torch.relu(pos - (dist * pick).sum(1) + margin)
    return (per_anchor * has_neg).sum() / torch.clamp(has_neg.sum(), min=1)


def triplet(a, b, margin, mining, same_ids=None):
    dist = 1 - l2_normalize_rows(a) @ l2_normalize_rows(b).t()
    negatives = 1 - positives_mask(a.shape[0], same_ids, a.device)
    return (_anchor_losses(dist, negatives, margin, mining) + _anchor_losses(dist.t(), negatives.t(), margin, mining)) / 2


def cross_entropy(logits, labels, smoothing=0.0):
    k = logits.shape[1]
    target = F.one_hot(labels.long(), k).float()
    if smoothing > 0:
        target = target * (1 - smoothing) + smoothing / k
    return -(target * torch.log_softmax(logits, 1)).sum(1).mean()
`;
