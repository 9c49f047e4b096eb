/**
 * Loads `@tensorflow/tfjs-layers` before any Layerwise package (import this
 * module first). Its Node bundle (`dist/tf-layers.node.js`) carries its own
 * copy of tfjs-core's gradient functions and registers them, over whatever
 * is registered, when it loads. `@layerwise/tensors` registers corrected
 * gradients when it loads; in this order Layerwise's win, and both libraries
 * train with the same gradients (`layerwiseGradientsActive` in the harness
 * checks it).
 */
import '@tensorflow/tfjs-layers';
