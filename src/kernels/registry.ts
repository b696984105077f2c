// Installs our kernels over tfjs's kernel registry, remembering the stock
// kernel each one replaces so that overrides can delegate to it.
import * as tf from "@tensorflow/tfjs";

/** Marks configs we installed; kept on the config object itself because the
 * kernel registry is process-global while this module may be loaded twice. */
const MARK = Symbol.for("mmc.kernels.override");

interface MarkedConfig extends tf.KernelConfig {
  [MARK]?: { stock: tf.KernelConfig | undefined };
}

/**
 * Registers `config`, replacing (and remembering) any stock kernel of the same
 * name. A second call for the same kernel and backend does nothing.
 */
export function installKernel(config: tf.KernelConfig): void {
  const current = tf.getKernel(config.kernelName, config.backendName) as MarkedConfig | undefined;
  if (current?.[MARK]) return;
  if (current) tf.unregisterKernel(config.kernelName, config.backendName);
  const marked: MarkedConfig = {
    ...config,
    // The stock setup (e.g. wasm's cwrap of its C++ function) must still run
    // when the backend initialises, since overrides may call the stock kernel.
    setupFunc: config.setupFunc ?? current?.setupFunc,
    disposeFunc: config.disposeFunc ?? current?.disposeFunc,
  };
  marked[MARK] = { stock: current };
  tf.registerKernel(marked);
}

/** The kernel that `installKernel` replaced, if there was one. */
export function stockKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  const current = tf.getKernel(kernelName, backendName) as MarkedConfig | undefined;
  if (current?.[MARK]) return current[MARK].stock;
  return current;
}

/** True when our override of `kernelName` is installed for `backendName`. */
export function isInstalled(kernelName: string, backendName: string): boolean {
  const current = tf.getKernel(kernelName, backendName) as MarkedConfig | undefined;
  return current?.[MARK] !== undefined;
}

/**
 * Restores the stock kernel (or removes ours if there was none). For tests
 * that compare a backend with and without our kernels.
 */
export function uninstallKernel(kernelName: string, backendName: string): void {
  const current = tf.getKernel(kernelName, backendName) as MarkedConfig | undefined;
  if (!current?.[MARK]) return;
  tf.unregisterKernel(kernelName, backendName);
  const stock = current[MARK].stock;
  if (stock) tf.registerKernel(stock);
}

/** The kernels of `backendName` that are ours (installed by installKernel), sorted by name. */
export function installedOverrides(backendName: string): string[] {
  return tf
    .getKernelsForBackend(backendName)
    .filter((k) => (k as MarkedConfig)[MARK] !== undefined)
    .map((k) => k.kernelName)
    .sort();
}
