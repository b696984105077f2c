// A pre-norm transformer layer, shared by several specs.
import "mlp.mm"

block encoder_layer(width, heads) {
  residual {
    layer_norm()
    attention(heads)
  }
  residual {
    layer_norm()
    feed_forward(width)
  }
}
