block feed_forward(width, hidden: width * 2) {
  dense(hidden, activation: gelu)
  dense(width)
}
