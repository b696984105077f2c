// 30 bad rows in the training manifest (images that do not exist, GIFs, extra fields): the check
// lists the first 20, each at its line, and counts the other 10.
model bad_rows

data files(train: "data/train.csv", test: "data/test.csv")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
