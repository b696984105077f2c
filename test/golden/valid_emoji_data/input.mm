// Real drawings: train on Noto's emoji, test on Twemoji's; 48 px images.
model emoji_clip

data emoji(train: "noto", test: "twemoji", size: 48, limit: 500)

input image: Image[B, 48, 48, 3]
input text: Tokens[B, 8] vocab 2048

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  conv2d(64, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
  dense(64)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 5 }
