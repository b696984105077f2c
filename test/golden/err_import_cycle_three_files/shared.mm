// Meant as the shared file, but it imports the spec that started the chain.
import "input.mm"

block norm_dense(width) {
  layer_norm()
  dense(width)
}
