/**
 * Binary focal crossentropy (Lin et al., 2018): binary crossentropy scaled
 * by `(1 - pT)^gamma`, which down-weights the examples the model already
 * gets right, optionally with class balancing `alpha`.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  clipByValue,
  log,
  mean,
  mul,
  neg,
  pow,
  sigmoid,
  softplus,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import type { LossOptions } from './loss.js';
import { SmoothedCrossentropy } from './smoothed-crossentropy.js';
import {
  asFloat,
  checkLabelSmoothing,
  checkRankAtLeast1,
  checkSameShape,
  EPSILON,
  normalizeLossAxis,
  squeezeOrExpandToSameRank,
} from './utils.js';

/**
 * Throws a {@link ValueError} naming `arg` unless `value` is a finite number
 * `>= 0` (and `<= max` when given).
 */
export function checkNonNegative(who: string, arg: string, value: unknown, max?: number): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && (max === undefined || value <= max);
  if (!ok) {
    const range = max === undefined ? 'a finite number >= 0' : `a number in [0, ${max}]`;
    throw new ValueError(`${who}: ${arg} is ${JSON.stringify(value)}; expected ${range}.`);
  }
}

/**
 * Options of {@link binaryFocalCrossentropy} and {@link BinaryFocalCrossentropy}.
 *
 * @example
 * ```ts
 * new BinaryFocalCrossentropy({ applyClassBalancing: true, alpha: 0.25, gamma: 2, fromLogits: true });
 * ```
 */
export interface BinaryFocalCrossentropyOptions {
  /** Whether to weigh class 1 by `alpha` and class 0 by `1 - alpha` (default false). */
  applyClassBalancing?: boolean;
  /** In [0, 1]: the weight of class 1 when `applyClassBalancing` is on; class 0 gets `1 - alpha` (default 0.25). */
  alpha?: number;
  /** `>= 0`: the focusing parameter; 0 gives the plain binary crossentropy (default 2). */
  gamma?: number;
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** In [0, 1]: targets become `yTrue * (1 - s) + 0.5 * s`, squeezed towards 0.5 (default 0). */
  labelSmoothing?: number;
  /** The axis the elementwise loss is averaged over (default -1). */
  axis?: number;
}

/**
 * Per-sample binary focal crossentropy, averaged over `axis`: shape
 * `[batch, d0, ..., dN-1]` for inputs of shape `[batch, d0, ..., dN]`.
 *
 * With `y` the (smoothed) target and `p` the probability (`sigmoid(yPred)`
 * with `fromLogits`):
 *
 * ```
 * bce   = -(y * log(clip(p)) + (1 - y) * log(1 - clip(p)))   clip to [1e-7, 1 - 1e-7]
 * pT    = y * p + (1 - y) * (1 - p)
 * focal = (1 - pT)^gamma * bce
 * focal = (y * alpha + (1 - y) * (1 - alpha)) * focal        only with applyClassBalancing
 * loss  = mean(focal, axis)
 * ```
 *
 * From logits `x`, `bce` is the exact `softplus(x) - x * y`, as Keras's
 * TensorFlow backend computes it (it finds the logits behind the sigmoid);
 * Keras's JAX, PyTorch and NumPy backends clip `sigmoid(x)` instead, which
 * caps each entry's crossentropy at -log(1e-7) = 16.1. The two agree
 * wherever `sigmoid(x)` is not clipped. The focal factor always uses the
 * unclipped `p`. Plain differentiable ops on the gradient tape; with
 * `gamma` 0 the factor is left out, so that a `pT` of exactly 1 does not
 * give a `0 * inf` gradient.
 *
 * @example
 * ```ts
 * binaryFocalCrossentropy(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // [0.330, 0.206]
 * ```
 */
export function binaryFocalCrossentropy(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: BinaryFocalCrossentropyOptions = {},
): Tensor {
  const who = 'binaryFocalCrossentropy';
  const {
    applyClassBalancing = false,
    alpha = 0.25,
    gamma = 2,
    fromLogits = false,
    labelSmoothing = 0,
    axis = -1,
  } = options;
  checkLabelSmoothing(who, labelSmoothing);
  checkNonNegative(who, 'alpha', alpha, 1);
  checkNonNegative(who, 'gamma', gamma);
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const a = normalizeLossAxis(who, axis, p.rank);
    if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    let bce: Tensor;
    if (fromLogits) {
      // softplus(x) - x * y is max(x, 0) - x * y + log1p(exp(-|x|)); its gradient, sigmoid(x) - y, is right at
      // x = 0 too, where autodiff through relu and abs would drop the 0.5.
      bce = sub(softplus(p), mul(p, t));
      p = sigmoid(p);
    } else {
      const c = clipByValue(p, EPSILON, 1 - EPSILON);
      bce = neg(add(mul(t, log(c)), mul(sub(1, t), log(sub(1, c)))));
    }
    let focal = bce;
    if (gamma !== 0) {
      const pT = add(mul(t, p), mul(sub(1, t), sub(1, p)));
      focal = mul(pow(sub(1, pT), gamma), bce);
    }
    if (applyClassBalancing) focal = mul(add(mul(t, alpha), mul(sub(1, t), 1 - alpha)), focal);
    return mean(focal, a);
  });
}

/**
 * Focal crossentropy between binary targets (0 or 1, or smoothed) and
 * predicted probabilities or logits (Keras's `BinaryFocalCrossentropy`,
 * identifier `'binary_focal_crossentropy'`): each entry's binary
 * crossentropy times `(1 - pT)^gamma`, so confident correct predictions
 * count less and hard examples more. With `gamma` 0 and no class balancing
 * it is `BinaryCrossentropy`.
 *
 * Keras wins over PyTorch (torchvision's `sigmoid_focal_loss`): the inputs
 * are probabilities unless `fromLogits`, `alpha` is applied only with
 * `applyClassBalancing` (torchvision always applies it), and the loss is
 * averaged over the last axis before the reduction.
 *
 * @example
 * ```ts
 * const loss = new BinaryFocalCrossentropy({ gamma: 2, fromLogits: true });
 * loss.compute(tensor([0, 1, 0, 0]), tensor([-18.6, 0.51, 2.94, -12.8])); // 0.691
 * ```
 */
export class BinaryFocalCrossentropy extends SmoothedCrossentropy {
  static override readonly className = 'BinaryFocalCrossentropy';
  static override readonly configKeys: readonly string[] = [
    ...SmoothedCrossentropy.configKeys,
    'applyClassBalancing',
    'alpha',
    'gamma',
  ];

  readonly applyClassBalancing: boolean;
  readonly alpha: number;
  readonly gamma: number;

  constructor(options: BinaryFocalCrossentropyOptions & LossOptions = {}) {
    super(options, 'binary_focal_crossentropy');
    this.applyClassBalancing = options.applyClassBalancing ?? false;
    this.alpha = options.alpha ?? 0.25;
    this.gamma = options.gamma ?? 2;
    checkNonNegative('BinaryFocalCrossentropy', 'alpha', this.alpha, 1);
    checkNonNegative('BinaryFocalCrossentropy', 'gamma', this.gamma);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryFocalCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      applyClassBalancing: this.applyClassBalancing,
      alpha: this.alpha,
      gamma: this.gamma,
    };
  }
}
registerSerializable(BinaryFocalCrossentropy);
