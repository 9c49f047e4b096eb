/**
 * Activation functions with Keras 3's names, formulas and defaults. Each one
 * reuses the `@layerwise/tensors` op that computes it; only `relu`'s
 * options (negative slope, ceiling, threshold) are composed here.
 */
import { ValueError } from '@layerwise/core';
import type { Tensor, TensorInput } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';

/**
 * Identity: returns `x` unchanged (a copy, so the caller may dispose both).
 *
 * @example
 * ```ts
 * linear(tensor([-1, 2])); // [-1, 2]
 * ```
 */
export function linear(x: TensorInput): Tensor {
  return T.identity(x);
}

/**
 * Heaviside step: 1 where `x > 0`, 0 elsewhere. Its gradient is zero
 * everywhere, so nothing before it learns by backpropagation: use it for
 * inference or perceptron-style rules, not in a network trained by `fit`.
 *
 * @example
 * ```ts
 * step(tensor([-1, 0, 2])); // [0, 0, 1]
 * ```
 */
export function step(x: TensorInput): Tensor {
  return T.step(x, 0);
}

/**
 * Logistic sigmoid `1 / (1 + exp(-x))`.
 *
 * @example
 * ```ts
 * sigmoid(tensor([0])); // [0.5]
 * ```
 */
export function sigmoid(x: TensorInput): Tensor {
  return T.sigmoid(x);
}

/**
 * Keras 3's hard sigmoid `relu6(x + 3) / 6` (Keras 2 used `0.2 x + 0.5`).
 *
 * @example
 * ```ts
 * hardSigmoid(tensor([-4, 0, 4])); // [0, 0.5, 1]
 * ```
 */
export function hardSigmoid(x: TensorInput): Tensor {
  return T.hardSigmoid(x);
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * tanh(tensor([0])); // [0]
 * ```
 */
export function tanh(x: TensorInput): Tensor {
  return T.tanh(x);
}

/** Options of {@link relu} (Keras 3's `negative_slope`, `max_value`, `threshold`). */
export interface ReluOptions {
  /** Slope below the threshold (default 0). Keras 2 called it `alpha`. */
  negativeSlope?: number;
  /** Keras 2's name for {@link ReluOptions.negativeSlope}. */
  alpha?: number;
  /** Ceiling of the output (default none). */
  maxValue?: number | null;
  /** Values at or below it are cut off (default 0). */
  threshold?: number;
}

/**
 * Rectified linear unit with Keras 3's options: `x` for `threshold < x`
 * (clipped at `maxValue`), `negativeSlope * (x - threshold)` below.
 *
 * @example
 * ```ts
 * relu(tensor([-2, 1, 8]));                                   // [0, 1, 8]
 * relu(tensor([-2, 1, 8]), { negativeSlope: 0.5, maxValue: 6 }); // [-1, 1, 6]
 * ```
 */
export function relu(x: TensorInput, options: ReluOptions = {}): Tensor {
  const slope = options.negativeSlope ?? options.alpha ?? 0;
  const maxValue = options.maxValue ?? null;
  const threshold = options.threshold ?? 0;
  if (!Number.isFinite(slope) || slope < 0) {
    throw new ValueError(`relu: negativeSlope must be a number >= 0, got ${slope}.`);
  }
  if (maxValue !== null && !(maxValue >= 0)) {
    throw new ValueError(`relu: maxValue must be >= 0 or null, got ${maxValue}.`);
  }
  if (slope === 0 && maxValue === null && threshold === 0) return T.relu(x);
  if (slope !== 0 && maxValue === null && threshold === 0) return T.leakyRelu(x, slope);
  return T.tidy(() => {
    const t = T.cast(x, 'float32');
    // Same steps as keras.layers.ReLU.static_call.
    let y: Tensor;
    if (threshold !== 0) y = T.mul(t, T.cast(T.greater(t, threshold), 'float32'));
    else if (maxValue === 6) y = T.relu6(t);
    else y = T.relu(t);
    if (maxValue !== null && !(threshold === 0 && maxValue === 6)) y = T.clipByValue(y, 0, maxValue);
    if (slope !== 0) y = T.sub(y, T.mul(T.relu(T.add(T.neg(t), threshold)), slope));
    return y;
  });
}

/**
 * `min(max(x, 0), 6)`.
 *
 * @example
 * ```ts
 * relu6(tensor([-1, 3, 9])); // [0, 3, 6]
 * ```
 */
export function relu6(x: TensorInput): Tensor {
  return T.relu6(x);
}

/**
 * Leaky ReLU: `x` for `x >= 0`, `negativeSlope * x` below (Keras default 0.2).
 *
 * @example
 * ```ts
 * leakyRelu(tensor([-1, 2])); // [-0.2, 2]
 * ```
 */
export function leakyRelu(x: TensorInput, negativeSlope = 0.2): Tensor {
  return T.leakyRelu(x, negativeSlope);
}

/**
 * Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)` below (default alpha 1).
 *
 * @example
 * ```ts
 * elu(tensor([-1, 2])); // [-0.6321, 2]
 * ```
 */
export function elu(x: TensorInput, alpha = 1): Tensor {
  if (alpha === 1) return T.elu(x);
  return T.tidy(() => {
    const t = T.cast(x, 'float32');
    return T.where(T.greater(t, 0), t, T.mul(T.expm1(t), alpha));
  });
}

/**
 * Scaled ELU with the self-normalizing constants (alpha 1.6733, scale 1.0507).
 *
 * @example
 * ```ts
 * selu(tensor([1])); // [1.0507]
 * ```
 */
export function selu(x: TensorInput): Tensor {
  return T.selu(x);
}

/**
 * Gaussian error linear unit: exact `0.5 x (1 + erf(x / sqrt 2))` by default
 * (as `keras.activations.gelu`), the tanh approximation with `approximate`.
 *
 * @example
 * ```ts
 * gelu(tensor([1]));       // [0.8413]
 * gelu(tensor([1]), true); // [0.8412]
 * ```
 */
export function gelu(x: TensorInput, approximate = false): Tensor {
  return T.gelu(x, approximate);
}

/**
 * Swish / SiLU: `x * sigmoid(x)`.
 *
 * @example
 * ```ts
 * swish(tensor([1])); // [0.7311]
 * ```
 */
export function swish(x: TensorInput): Tensor {
  return T.silu(x);
}

/**
 * SiLU: the same function as {@link swish}.
 *
 * @example
 * ```ts
 * silu(tensor([1])); // [0.7311]
 * ```
 */
export function silu(x: TensorInput): Tensor {
  return T.silu(x);
}

/**
 * `log(1 + exp(x))`.
 *
 * @example
 * ```ts
 * softplus(tensor([0])); // [0.6931]
 * ```
 */
export function softplus(x: TensorInput): Tensor {
  return T.softplus(x);
}

/**
 * `x / (|x| + 1)`.
 *
 * @example
 * ```ts
 * softsign(tensor([1])); // [0.5]
 * ```
 */
export function softsign(x: TensorInput): Tensor {
  return T.softsign(x);
}

/**
 * Softmax along `axis` (default the last).
 *
 * @example
 * ```ts
 * softmax(tensor([[1, 1]]));     // [[0.5, 0.5]]
 * softmax(tensor([[1, 1]]), 0);  // [[1, 1]]
 * ```
 */
export function softmax(x: TensorInput, axis = -1): Tensor {
  return T.softmax(x, axis);
}

/**
 * Log of the softmax along `axis` (default the last), computed stably.
 *
 * @example
 * ```ts
 * logSoftmax(tensor([0, 0])); // [-0.6931, -0.6931]
 * ```
 */
export function logSoftmax(x: TensorInput, axis = -1): Tensor {
  return T.logSoftmax(x, axis);
}

/**
 * Mish: `x * tanh(softplus(x))`.
 *
 * @example
 * ```ts
 * mish(tensor([1])); // [0.8651]
 * ```
 */
export function mish(x: TensorInput): Tensor {
  return T.mish(x);
}

/**
 * `exp(x)`.
 *
 * @example
 * ```ts
 * exponential(tensor([0, 1])); // [1, 2.7183]
 * ```
 */
export function exponential(x: TensorInput): Tensor {
  return T.exp(x);
}
