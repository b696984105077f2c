// The gradient of Mean without tfjs's ones(x.shape): its stock gradient multiplies dy by a
// tensor of ones the size of the input, built in JavaScript and uploaded every step (for the
// seed's mean over H, W: 4M floats, ~50 ms a step on wasm). Broadcasting dy / n gives the same
// values bit for bit (dy * 1 / n == dy / n).
import * as tf from "@tensorflow/tfjs";

const meanGrad: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const axes = tf.util.parseAxisParam((attrs as unknown as tf.MeanAttrs).axis, x.shape);
    const reduceSize = axes.reduce((n, a) => n * x.shape[a]!, 1);
    const expandedShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expandedShape), reduceSize), x.shape) };
  },
};

/** Replaces tfjs's Mean gradient (the gradient registry is shared by all backends). */
export function installMeanGradient(): void {
  tf.registerGradient(meanGrad);
}
