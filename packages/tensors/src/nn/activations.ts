/**
 * Activation functions that tfjs has no kernel for, composed from
 * differentiable ops with Keras 3's formulas. (relu, relu6, elu, selu,
 * leakyRelu, prelu, sigmoid, softplus, tanh live in `elementwise.ts`;
 * softmax and logSoftmax in `math.ts`.)
 */
import { type TensorInput, toTensor } from '../check.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkFloat } from './util.js';

function floatInput(x: TensorInput, op: string): Tensor {
  const t = toTensor(x, 'x', op);
  checkFloat(t, 'x', op);
  return t;
}

/**
 * Gaussian error linear unit. Exact form `0.5 x (1 + erf(x / sqrt 2))` by
 * default (as `keras.activations.gelu`); with `approximate` the tanh form
 * `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))`. Note that Keras's
 * `ops.gelu` defaults to the approximation while its activation defaults to
 * the exact form; this function follows the activation.
 *
 * @example
 * ```ts
 * gelu(tensor([-1, 0, 1]));       // [-0.1587, 0, 0.8413]
 * gelu(tensor([-1, 0, 1]), true); // [-0.1588, 0, 0.8412]
 * ```
 */
export function gelu(x: TensorInput, approximate = false): Tensor {
  return tfc.tidy(() => {
    const t = floatInput(x, 'gelu');
    let inner: Tensor;
    if (approximate) {
      const cube = tfc.mul(tfc.mul(t, t), t);
      inner = tfc.tanh(tfc.mul(tfc.add(t, tfc.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI)));
    } else {
      inner = tfc.erf(tfc.mul(t, Math.SQRT1_2));
    }
    return tfc.mul(tfc.mul(t, 0.5), tfc.add(inner, 1));
  });
}

/**
 * Sigmoid linear unit `x * sigmoid(x)` (Keras `silu`; also called swish).
 *
 * @example
 * ```ts
 * silu(tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export function silu(x: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatInput(x, 'silu');
    return tfc.mul(t, tfc.sigmoid(t));
  });
}

/**
 * `x * sigmoid(x)`: Keras's `swish`, the same function as {@link silu}.
 *
 * @example
 * ```ts
 * swish(tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export function swish(x: TensorInput): Tensor {
  return silu(x);
}

/**
 * Mish: `x * tanh(softplus(x))` (Keras `mish`).
 *
 * @example
 * ```ts
 * mish(tensor([0, 1])); // [0, 0.8651]
 * ```
 */
export function mish(x: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatInput(x, 'mish');
    return tfc.mul(t, tfc.tanh(tfc.softplus(t)));
  });
}

/**
 * Keras 3's hard sigmoid: `relu6(x + 3) / 6` (0 below -3, 1 above 3). Keras 2
 * used `0.2 x + 0.5`; Keras 3 changed it, and so does this.
 *
 * @example
 * ```ts
 * hardSigmoid(tensor([-4, 0, 1.5, 4])); // [0, 0.5, 0.75, 1]
 * ```
 */
export function hardSigmoid(x: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatInput(x, 'hardSigmoid');
    return tfc.div(tfc.relu6(tfc.add(t, 3)), 6);
  });
}

/**
 * Hard SiLU (hard swish, MobileNetV3): `x * relu6(x + 3) / 6` (Keras `hard_silu`).
 *
 * @example
 * ```ts
 * hardSilu(tensor([-4, 1, 4])); // [0, 0.6667, 4]
 * ```
 */
export function hardSilu(x: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatInput(x, 'hardSilu');
    return tfc.mul(t, tfc.div(tfc.relu6(tfc.add(t, 3)), 6));
  });
}

/**
 * Hard swish: the same function as {@link hardSilu} (Keras `hard_swish`).
 *
 * @example
 * ```ts
 * hardSwish(tensor([1])); // [0.6667]
 * ```
 */
export function hardSwish(x: TensorInput): Tensor {
  return hardSilu(x);
}

/**
 * Softsign: `x / (|x| + 1)` (Keras `softsign`).
 *
 * @example
 * ```ts
 * softsign(tensor([-3, 1])); // [-0.75, 0.5]
 * ```
 */
export function softsign(x: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatInput(x, 'softsign');
    return tfc.div(t, tfc.add(tfc.abs(t), 1));
  });
}
