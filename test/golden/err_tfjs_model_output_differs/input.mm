// The CNN in models/shapes_cnn makes [B, 64]; the spec says [B, 32].
model output_differs
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 32] {
  tfjs_model("../../../models/shapes_cnn/model.json", output: [B, 32]) frozen
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
}

loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 32, steps: 1, seed: 1 }
