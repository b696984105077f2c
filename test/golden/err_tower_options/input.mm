model options
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 16] freeze {
  conv2d(8, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(16)
}

encoder text_enc(text) -> [B, 16] frozen lr_scale 0.1 from 3 {
  embed(16)
  mean(over: L) from "runs/pre/model"
}

loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 32, steps: 1, seed: 1 }
