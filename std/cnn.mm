// Convolutional stages for images [B, H, W, C].

// Convolution with ReLU, then a 2x2 max-pool that halves H and W.
block conv_pool(filters, kernel: 3) {
  conv2d(filters, kernel: kernel, activation: relu)
  max_pool(2)
}

// Two convolutions at one resolution, then a 2x2 max-pool (a VGG stage).
block vgg_stage(filters, kernel: 3) {
  conv2d(filters, kernel: kernel, activation: relu)
  conv2d(filters, kernel: kernel, activation: relu)
  max_pool(2)
}

// A residual convolution pair that keeps the shape (the channel count must stay `filters`).
block res_conv(filters, kernel: 3) {
  residual {
    conv2d(filters, kernel: kernel, activation: relu)
    conv2d(filters, kernel: kernel)
  }
  relu()
}
