import "cycle_b.mm"

block mlp(width) {
  dense(width, activation: relu)
  dense(width)
}
