// cnn/ holds a model.json whose weights.bin was not copied with it.
model weights_missing
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 64] {
  tfjs_model("cnn/model.json", output: [B, 64])
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 32, steps: 1, seed: 1 }
