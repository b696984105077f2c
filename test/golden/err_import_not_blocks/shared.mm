// A file meant for imports, with a stray encoder in it.
block proj(width) {
  dense(width)
}

encoder extra(image) {
  mean(over: [H, W])
}
