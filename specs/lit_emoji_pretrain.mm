// Step 1 of LiT on real drawings: train an image tower CLIP-style on Noto's emoji (tested on
// Twemoji's), then keep it. Run it into the folder lit_emoji.mm reads:
//   mmc run specs/lit_emoji_pretrain.mm --out runs/lit_emoji_pretrain
model lit_emoji_pretrain

data emoji(train: "noto", test: "twemoji")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 1727

encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(128)
}

// A throwaway text tower: only the image tower is kept.
encoder text_enc(text) -> [B, 128] {
  embed(128)
  mean(over: L)
  dense(128)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
