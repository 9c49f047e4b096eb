/**
 * LAMB (layer-wise adaptive moments), exactly as Keras 3's
 * `keras/src/optimizers/lamb.py`.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  assignAdd,
  assignSub,
  div,
  greater,
  logicalAnd,
  mul,
  sqrt,
  square,
  sub,
  sum,
  type Tensor,
  type Variable,
  where,
} from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Lamb}: the base {@link OptimizerOptions} plus Adam's
 * moment hyperparameters.
 *
 * @example
 * ```ts
 * const options: LambOptions = { learningRate: 2e-3, beta2: 0.99, weightDecay: 0.01 };
 * ```
 */
export interface LambOptions extends OptimizerOptions {
  /** Decay rate of the first-moment estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay rate of the second-moment estimate, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the bias-corrected `sqrt(v)` (default 1e-7). */
  epsilon?: number;
}

/**
 * The LAMB optimizer (Keras's `Lamb`; learning rate default 0.001): Adam's
 * bias-corrected step, rescaled per variable ("layer") so that its norm is
 * the norm of the weights. Per variable, moments `m` (slot `'momentum'`) and
 * `v` (slot `'velocity'`). At step `t` (1 on the first update):
 *
 * ```
 * m += (g - m) * (1 - beta1);   v += (g^2 - v) * (1 - beta2)
 * update = (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * ratio  = ||w|| / ||update||  if both norms are > 0, else 1
 * w -= ratio * lr * update
 * ```
 *
 * Keras differs from the LAMB paper (You et al., 2019): weight decay is the
 * base class's decoupled `w -= w * weightDecay * lr`, applied before the step
 * and at full strength, so it is not part of `update` and not scaled by the
 * trust ratio, and the norm of the weights is used as is (no clipping
 * function φ). PyTorch has no LAMB. Keras wins. Here the bias corrections are
 * folded into one scalar (`update = k * m / (sqrt(v) + epsilon * sqrt(1 -
 * beta2^t))` with `k = sqrt(1 - beta2^t) / (1 - beta1^t)`, which cancels in
 * `ratio * update`), computed on the host from the betas rounded to float32,
 * as Keras casts them.
 *
 * @example
 * ```ts
 * const opt = new Lamb({ learningRate: 0.5 });
 * const w = variable(tensor([1, 2, 3, 4]));
 * opt.applyGradients([[tensor([1, 6, 7, 2]), w]]); // w = [-0.3693, 0.6306, 1.6306, 2.6306]
 * ```
 */
export class Lamb extends Optimizer {
  static override readonly className: string = 'Lamb';

  /** First-moment decay rate. */
  readonly beta1: number;
  /** Second-moment decay rate. */
  readonly beta2: number;
  /** The epsilon added to the bias-corrected `sqrt(v)`. */
  readonly epsilon: number;

  constructor(options: LambOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['beta1', 'beta2', 'epsilon']);
    const inUnit = (key: 'beta1' | 'beta2', fallback: number) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
        throw new ValueError(`Lamb: \`${key}\` must be a number in [0, 1), got ${String(value)}.`);
      }
      return value;
    };
    this.beta1 = inUnit('beta1', 0.9);
    this.beta2 = inUnit('beta2', 0.999);
    const epsilon = options.epsilon ?? 1e-7;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
      throw new ValueError(`Lamb: \`epsilon\` must be a finite number >= 0, got ${String(epsilon)}.`);
    }
    this.epsilon = epsilon;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order (add_optimizer_variables(var_list, ["momentum", "velocity"])): interleaved per variable.
    for (const v of variables) {
      this.addVariableFromReference(v, 'momentum');
      this.addVariableFromReference(v, 'velocity');
    }
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const step = this.iterations + 1;
    const c1 = 1 - Math.fround(this.beta1) ** step;
    const sqrtC2 = Math.sqrt(1 - Math.fround(this.beta2) ** step);

    const m = this.getSlot(variable, 'momentum');
    const v = this.getSlot(variable, 'velocity');
    assignAdd(m, mul(sub(gradient, m), 1 - this.beta1));
    assignAdd(v, mul(sub(square(gradient), v), 1 - this.beta2));

    // update = k * u with u = m / (sqrt(v) + epsilon * sqrt(c2)) and k = sqrt(c2) / c1.
    const u = div(m, add(sqrt(v), this.epsilon * sqrtC2));
    const wSquared = sum(square(variable));
    const uSquared = sum(square(u));
    // ratio * update = (||w|| / (k ||u||)) * k u = sqrt(sum w^2 / sum u^2) * u, or k * u when a norm is 0.
    const scale = where(
      logicalAnd(greater(wSquared, 0), greater(uSquared, 0)),
      sqrt(div(wSquared, uSquared)),
      sqrtC2 / c1,
    );
    assignSub(variable, mul(u, mul(scale, learningRate)));
  }

  override getConfig(): Config {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

registerSerializable(Lamb);
