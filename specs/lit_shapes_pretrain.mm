// Step 1 of LiT ("locked-image tuning"): train an image tower CLIP-style on the shapes data,
// then keep it. Run it into the folder lit_shapes.mm reads:
//   mmc run specs/lit_shapes_pretrain.mm --out runs/lit_shapes_pretrain
model lit_shapes_pretrain

data shapes(train: 4000, test: 500, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  conv2d(64, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(64)
}

// A throwaway text tower: only the image tower is kept.
encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
  dense(64)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 2e-3), batch: 64, steps: 150, time_limit: 90 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
