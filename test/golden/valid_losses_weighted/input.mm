// A multi-task objective: every loss term, weighted.
model multitask

data shapes(train: 8000, test: 1000, seed: 3)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32
input shape: Labels[B] classes 6

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

head classify(image_enc) -> [B, 6] {
  dense(6)
}

loss infonce(image_enc, text_enc, temperature: 0.1, hard_negatives: 0.5)
  + 0.5 * siglip(image_enc, text_enc, temperature: 0.1, bias: -5)
  + triplet(image_enc, text_enc, margin: 0.3, mining: semi_hard) * 0.25
  + 0.2 * (cross_entropy(classify, shape, smoothing: 0.1) + 0.5 * triplet(text_enc, image_enc, mining: all))

train { batch: 64, epochs: 1 }

evaluate retrieval(image_enc, text_enc)
evaluate accuracy(classify, shape)
