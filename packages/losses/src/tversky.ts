/**
 * Tversky loss, `1 - TP / (TP + alpha * FP + beta * FN + 1e-7)` with soft
 * counts over every axis or the given ones: Dice with separate weights for
 * false positives and false negatives.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { add, div, mul, sub, sum, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { checkNonNegative } from './binary-focal-crossentropy.js';
import { checkBatchLossWeight, checkOverlapAxisOption, type OverlapAxis, overlapAxes, overlapInputs } from './dice.js';
import { Loss, type LossOptions } from './loss.js';
import { EPSILON } from './utils.js';

/**
 * Options of {@link tversky} and {@link Tversky}.
 *
 * @example
 * ```ts
 * new Tversky({ alpha: 0.3, beta: 0.7, axis: [1, 2, 3] }); // penalize missed foreground more
 * ```
 */
export interface TverskyOptions {
  /** `>= 0`: the weight of false positives (default 0.5). */
  alpha?: number;
  /** `>= 0`: the weight of false negatives (default 0.5). */
  beta?: number;
  /**
   * The axes the sums run over (default `null`: every axis, batch included,
   * so the loss is one number for the whole batch).
   */
  axis?: OverlapAxis;
}

/**
 * The Tversky loss over `axis`, with soft counts
 * `TP = sum(yPred * yTrue)`, `FP = sum((1 - yTrue) * yPred)` and
 * `FN = sum(yTrue * (1 - yPred))`:
 *
 * ```
 * loss = 1 - TP / (TP + alpha * FP + beta * FN + 1e-7)
 * ```
 *
 * Shape: `yPred.shape` without the summed axes (a scalar with the default
 * `axis` `null`). `alpha = beta = 0.5` is the Dice loss up to the epsilon
 * (here 1e-7 against Dice's 2e-7 after rescaling).
 *
 * @example
 * ```ts
 * tversky(tensor([[1, 0, 1, 0]]), tensor([[0.9, 0.2, 0.6, 0.1]]), { alpha: 0.2, beta: 0.8 });
 * ```
 */
export function tversky(yTrue: TensorInput, yPred: TensorInput, options: TverskyOptions = {}): Tensor {
  const who = 'tversky';
  const { alpha = 0.5, beta = 0.5, axis = null } = options;
  checkNonNegative(who, 'alpha', alpha);
  checkNonNegative(who, 'beta', beta);
  checkOverlapAxisOption(who, axis);
  return tidy(() => {
    const [t, p] = overlapInputs(who, yTrue, yPred);
    const axes = overlapAxes(who, axis, p.rank);
    const intersection = sum(mul(p, t), axes);
    const fp = sum(mul(sub(1, t), p), axes);
    const fn = sum(mul(t, sub(1, p)), axes);
    const denominator = add(add(add(intersection, mul(fp, alpha)), mul(fn, beta)), EPSILON);
    return sub(1, div(intersection, denominator));
  });
}

/**
 * The Tversky loss (Keras's `Tversky`, identifier `'tversky'`; Salehi et
 * al., 2017): a Dice-like overlap loss that weighs false positives by
 * `alpha` and false negatives by `beta`; `beta > alpha` favours recall of
 * small structures. With `alpha = beta = 0.5` it is the Dice loss.
 *
 * By default (`axis: null`) the sums run over every axis, batch included,
 * as in Keras: the loss is one number for the whole batch, so the only
 * sample weight that applies is a scalar; pass `axis` (e.g. `[1, 2, 3]`)
 * for per-sample values. PyTorch has no built-in equivalent; this is
 * Keras's definition (epsilon 1e-7 in the denominator only).
 *
 * @example
 * ```ts
 * new Tversky({ alpha: 0.2, beta: 0.8 }).compute(tensor([[1, 2], [1, 2]]), tensor([[4, 1], [6, 1]])); // -0.9444
 * ```
 */
export class Tversky extends Loss {
  static override readonly className = 'Tversky';
  static override readonly configKeys: readonly string[] = ['name', 'reduction', 'alpha', 'beta', 'axis'];

  readonly alpha: number;
  readonly beta: number;
  readonly axis: OverlapAxis;

  constructor(options: TverskyOptions & LossOptions = {}) {
    super(options, 'tversky');
    this.alpha = options.alpha ?? 0.5;
    this.beta = options.beta ?? 0.5;
    const axis = options.axis ?? null;
    checkNonNegative('Tversky', 'alpha', this.alpha);
    checkNonNegative('Tversky', 'beta', this.beta);
    checkOverlapAxisOption('Tversky', axis);
    this.axis = Array.isArray(axis) ? [...axis] : axis;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return tversky(yTrue, yPred, this);
  }

  /** As `Loss.compute`; with `axis` `null` only a scalar `sampleWeight` applies (a `ShapeError` otherwise). */
  override compute(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): Tensor {
    checkBatchLossWeight('Tversky', this.axis, sampleWeight);
    return super.compute(yTrue, yPred, sampleWeight);
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      alpha: this.alpha,
      beta: this.beta,
      axis: Array.isArray(this.axis) ? [...this.axis] : this.axis,
    };
  }
}
registerSerializable(Tversky);
