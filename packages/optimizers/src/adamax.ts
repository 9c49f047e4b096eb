/**
 * Adamax, exactly as Keras 3's `keras/src/optimizers/adamax.py` (Adam with
 * the infinity norm in place of the second moment).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  abs,
  add,
  assign,
  assignAdd,
  assignSub,
  div,
  maximum,
  mul,
  sub,
  type Tensor,
  type Variable,
} from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adamax}: the base {@link OptimizerOptions} plus Adamax's
 * hyperparameters.
 *
 * @example
 * ```ts
 * const options: AdamaxOptions = { learningRate: 0.002, beta1: 0.9, beta2: 0.999 };
 * ```
 */
export interface AdamaxOptions extends OptimizerOptions {
  /** Decay rate of the first-moment estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay rate of the exponentially weighted infinity norm, in [0, 1] (default 0.999). */
  beta2?: number;
  /** Added to the norm `u` in the denominator, a finite number >= 0 (default 1e-7). */
  epsilon?: number;
}

/**
 * The Adamax optimizer (Keras's `Adamax`, section 7.1 of Kingma and Ba;
 * learning rate default 0.001). Per variable, the first moment `m` (slot
 * `'momentum'`) and the exponentially weighted infinity norm `u` (slot
 * `'norm'`). At step `t` (1 on the first update):
 *
 * ```
 * m += (g - m) * (1 - beta1)
 * u = max(beta2 * u, |g|)
 * w -= lr * m / ((1 - beta1^t) * (u + epsilon))
 * ```
 *
 * Keras differs from PyTorch here: PyTorch adds epsilon inside the max
 * (`max(beta2 * u, |g| + eps)`), defaults to eps 1e-8 and lr 0.002; Keras
 * adds epsilon to `u` in the denominator, with 1e-7 and 0.001. Keras wins.
 * The bias correction is computed on the host from `beta1` rounded to
 * float32, as Keras casts it.
 *
 * @example
 * ```ts
 * const opt = new Adamax({ learningRate: 0.5 });
 * const w = variable(tensor([1, 2, 3, 4]));
 * opt.applyGradients([[tensor([1, 6, 7, 2]), w]]); // w = [0.5, 1.5, 2.5, 3.5]
 * ```
 */
export class Adamax extends Optimizer {
  static override readonly className: string = 'Adamax';

  /** First-moment decay rate. */
  readonly beta1: number;
  /** Infinity-norm decay rate. */
  readonly beta2: number;
  /** The epsilon added to the norm. */
  readonly epsilon: number;

  constructor(options: AdamaxOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['beta1', 'beta2', 'epsilon']);
    const inRange = (key: 'beta1' | 'beta2', fallback: number, closed: boolean) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !(value >= 0 && (closed ? value <= 1 : value < 1))) {
        throw new ValueError(
          `Adamax: \`${key}\` must be a number in [0, 1${closed ? ']' : ')'}, got ${String(value)}.`,
        );
      }
      return value;
    };
    // beta1 = 1 would divide by 1 - beta1^t = 0; beta2 = 1 is a plain running maximum.
    this.beta1 = inRange('beta1', 0.9, false);
    this.beta2 = inRange('beta2', 0.999, true);
    const epsilon = options.epsilon ?? 1e-7;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
      throw new ValueError(`Adamax: \`epsilon\` must be a finite number >= 0, got ${String(epsilon)}.`);
    }
    this.epsilon = epsilon;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: momentum and norm interleaved per variable.
    for (const v of variables) {
      this.addVariableFromReference(v, 'momentum');
      this.addVariableFromReference(v, 'norm');
    }
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const step = this.iterations + 1;
    const beta1Power = Math.fround(this.beta1) ** step;

    const m = this.getSlot(variable, 'momentum');
    const u = this.getSlot(variable, 'norm');
    assignAdd(m, mul(sub(gradient, m), 1 - this.beta1));
    assign(u, maximum(mul(u, this.beta2), abs(gradient)));
    assignSub(variable, div(mul(learningRate, m), mul(add(u, this.epsilon), 1 - beta1Power)));
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}

registerSerializable(Adamax);
