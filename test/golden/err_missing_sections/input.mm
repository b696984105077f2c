model incomplete

input image: Image[B, 32, 32, 3]

encoder image_enc(image) {
  mean(over: [H, W])
}
