// A small ViT: 4x4 patches of a 32x32 image make 64 patch tokens.
model tiny_vit

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 96] {
  patch_embed(4, dim: 96)
  positional()
  repeat 2 {
    residual {
      layer_norm()
      attention(heads: 3, causal: false)
    }
    residual {
      layer_norm()
      dense(192, activation: gelu)
      dropout(0.1)
      dense(96)
    }
  }
  layer_norm()
  mean(over: P)
}

encoder text_enc(text) -> [B, 96] {
  embed(96)
  positional()
  attention(heads: 2, causal: true)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
