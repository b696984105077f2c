// Transformer building blocks for sequences [B, L, D]: pre-norm encoder blocks as in ViT and
// CLIP's text tower. Padded tokens are masked in `attention` automatically when the sequence
// comes from a Tokens input.

// Position-wise feed-forward network: widen by `mlp`, GELU, project back to `width`.
block feed_forward(width, mlp: 4) {
  dense(width * mlp, activation: gelu)
  dense(width)
}

// One pre-norm encoder block: self-attention, then the feed-forward network, each residual.
block transformer(width, heads, mlp: 4) {
  residual {
    layer_norm()
    attention(heads)
  }
  residual {
    layer_norm()
    feed_forward(width, mlp: mlp)
  }
}

// The same block with causal attention: each position sees only earlier ones (GPT-style).
block causal_transformer(width, heads, mlp: 4) {
  residual {
    layer_norm()
    attention(heads, causal: true)
  }
  residual {
    layer_norm()
    feed_forward(width, mlp: mlp)
  }
}

// A decoder-style block: self-attention, then cross-attention to another tower's sequence.
block cross_transformer(width, heads, to, mlp: 4) {
  residual {
    layer_norm()
    attention(heads)
  }
  residual {
    layer_norm()
    cross_attention(to, heads: heads)
  }
  residual {
    layer_norm()
    feed_forward(width, mlp: mlp)
  }
}
