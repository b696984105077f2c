// Sample 000002 has a caption and a label but its .png is missing: MM5024.

model shards_no_image
data shards(train: "data/train-0000.tar", test: "data/test-0000.tar")

input image: Image[B, 8, 8, 3]
input text: Tokens[B, 4] vocab 16

encoder image_enc(image) -> [B, 16] {
  conv2d(8, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(16)
}

encoder text_enc(text) -> [B, 16] {
  embed(16)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 4, epochs: 1 }
