// Vision Transformer pieces (Dosovitskiy et al. 2021): cut the image into patches, add
// learned positions, run transformer blocks over the patch sequence [B, P, D].
import "std/transformer.mm"

// Patches of `patch` x `patch` pixels, each projected to `width` features, plus positions.
block patchify(patch, width) {
  patch_embed(patch, dim: width)
  positional()
}

// A small ViT trunk: patchify, then `depth` transformer blocks and a final layer norm.
// Pool the result afterwards, with `mean(over: P)` or `attention_pool(heads)`.
block vit(patch, width, heads, depth: 2, mlp: 4) {
  patchify(patch, width)
  repeat depth {
    transformer(width, heads, mlp: mlp)
  }
  layer_norm()
}
