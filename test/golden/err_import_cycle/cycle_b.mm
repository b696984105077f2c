import "cycle_a.mm"

block unused(width) {
  dense(width)
}
