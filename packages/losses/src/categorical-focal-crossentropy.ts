/**
 * Categorical focal crossentropy (Lin et al., 2018): categorical
 * crossentropy with each class's term scaled by `alpha * (1 - p)^gamma`.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  clipByValue,
  div,
  log,
  mul,
  neg,
  pow,
  ShapeError,
  softmax,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tensor,
  tidy,
} from '@layerwise/tensors';
import { checkNonNegative } from './binary-focal-crossentropy.js';
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
 * Options of {@link categoricalFocalCrossentropy} and {@link CategoricalFocalCrossentropy}.
 *
 * @example
 * ```ts
 * new CategoricalFocalCrossentropy({ alpha: [0.2, 0.3, 0.5], gamma: 2, fromLogits: true });
 * ```
 */
export interface CategoricalFocalCrossentropyOptions {
  /**
   * The weight of every class (a number), or one weight per class (an array
   * as long as the class axis, e.g. inverse class frequencies). Default 0.25.
   */
  alpha?: number | number[];
  /** `>= 0`: the focusing parameter; 0 gives `alpha` times the categorical crossentropy (default 2). */
  gamma?: number;
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * In [0, 1]: targets become `yTrue * (1 - s) + s / numClasses` (with 0.1 and
   * 3 classes: 0.0333 for the others, 0.9333 for the target). Default 0.
   */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
}

/** Throws a {@link ValueError} unless `alpha` is a finite number >= 0 or a non-empty array of them. */
function checkAlpha(who: string, alpha: unknown): void {
  if (Array.isArray(alpha)) {
    if (alpha.length === 0) throw new ValueError(`${who}: alpha is []; expected a number or one weight per class.`);
    alpha.forEach((a, i) => {
      checkNonNegative(who, `alpha[${i}]`, a);
    });
  } else {
    checkNonNegative(who, 'alpha', alpha);
  }
}

/**
 * Per-sample categorical focal crossentropy over the class `axis`: shape
 * `yPred.shape` without that axis.
 *
 * With `y` the (smoothed) targets and `p` the probabilities
 * (`softmax(yPred, axis)` with `fromLogits`):
 *
 * ```
 * q    = clip(p / sum(p, axis), 1e-7, 1 - 1e-7)
 * loss = sum(alpha * (1 - q)^gamma * -y * log(q), axis)
 * ```
 *
 * As in Keras, logits go through `softmax` and then the same
 * renormalization and clipping as probabilities (there is no separate
 * log-softmax path), so a class whose probability saturates below 1e-7
 * contributes at most -log(1e-7) = 16.1. An `alpha` array weighs the
 * classes along `axis` (Keras broadcasts it against the last axis, which is
 * the same for the default `axis` -1). Plain differentiable ops on the
 * gradient tape.
 *
 * @example
 * ```ts
 * categoricalFocalCrossentropy(tensor([[0, 1, 0], [0, 0, 1]]), tensor([[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]]));
 * // [2.634e-4, 0.6759]
 * ```
 */
export function categoricalFocalCrossentropy(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: CategoricalFocalCrossentropyOptions = {},
): Tensor {
  const who = 'categoricalFocalCrossentropy';
  const { alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
  checkLabelSmoothing(who, labelSmoothing);
  checkAlpha(who, alpha);
  checkNonNegative(who, 'gamma', gamma);
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const a = normalizeLossAxis(who, axis, p.rank);
    const numClasses = p.shape[a];
    if (Array.isArray(alpha) && alpha.length !== numClasses) {
      throw new ShapeError(
        `${who}: alpha has ${alpha.length} entries but yPred has ${numClasses} classes along axis ${axis} ` +
          `(shape [${p.shape.join(',')}]). Expected one weight per class, or a single number.`,
      );
    }
    if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / numClasses);
    if (fromLogits) p = softmax(p, a);
    const q = clipByValue(div(p, sum(p, a, true)), EPSILON, 1 - EPSILON);
    const cce = mul(neg(t), log(q));
    const modulating = pow(sub(1, q), gamma);
    const weights = Array.isArray(alpha)
      ? tensor(
          alpha,
          p.shape.map((d, i) => (i === a ? d : 1)),
          'float32',
        )
      : alpha;
    return sum(mul(mul(modulating, weights), cce), a);
  });
}

/**
 * Focal crossentropy between one-hot (or soft) targets and predicted class
 * probabilities or logits (Keras's `CategoricalFocalCrossentropy`,
 * identifier `'categorical_focal_crossentropy'`): the categorical
 * crossentropy with each class's term scaled by `alpha * (1 - p)^gamma`,
 * which down-weights well-classified examples; for class imbalance without
 * `classWeight`. PyTorch has no built-in equivalent; this is Keras's
 * definition (the focal factor uses each class's own probability, and
 * `alpha` weighs every class's term).
 *
 * @example
 * ```ts
 * const loss = new CategoricalFocalCrossentropy();
 * loss.compute(tensor([[0, 1, 0], [0, 0, 1]]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])); // 0.2332
 * ```
 */
export class CategoricalFocalCrossentropy extends SmoothedCrossentropy {
  static override readonly className = 'CategoricalFocalCrossentropy';
  static override readonly configKeys: readonly string[] = [...SmoothedCrossentropy.configKeys, 'alpha', 'gamma'];

  readonly alpha: number | number[];
  readonly gamma: number;

  constructor(options: CategoricalFocalCrossentropyOptions & LossOptions = {}) {
    super(options, 'categorical_focal_crossentropy');
    const alpha = options.alpha ?? 0.25;
    this.alpha = Array.isArray(alpha) ? [...alpha] : alpha;
    this.gamma = options.gamma ?? 2;
    checkAlpha('CategoricalFocalCrossentropy', this.alpha);
    checkNonNegative('CategoricalFocalCrossentropy', 'gamma', this.gamma);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalFocalCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Config {
    const alpha = Array.isArray(this.alpha) ? [...this.alpha] : this.alpha;
    return { ...super.getConfig(), alpha, gamma: this.gamma };
  }
}
registerSerializable(CategoricalFocalCrossentropy);
