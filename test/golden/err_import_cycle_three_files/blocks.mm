import "shared.mm"

block proj(width) {
  norm_dense(width)
}
