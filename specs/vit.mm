// Experiment: a small Vision Transformer as the image encoder. The 32x32 image is cut into
// 4x4 patches (64 patch tokens of 64 features) with learned positions, two transformer
// blocks (std/vit.mm) and mean pooling over the patches. Unlike the seed's global mean of
// conv features, attention can relate the two objects' positions. The text side is the seed's.
model vit

import "std/vit.mm"

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 128] {
  vit(patch: 4, width: 64, heads: 4, depth: 2, mlp: 2)
  mean(over: P)
  dense(128)
}

encoder text_enc(text) -> [B, 128] {
  embed(128)
  mean(over: L)
  dense(64, activation: relu)
  dense(128)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
