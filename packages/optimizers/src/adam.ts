/**
 * Adam, exactly as Keras 3's `keras/src/optimizers/adam.py` (the "epsilon
 * hat" form, optional AMSGrad).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  assign,
  assignAdd,
  assignSub,
  div,
  maximum,
  mul,
  sqrt,
  square,
  sub,
  type Tensor,
  type Variable,
} from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adam}: the base {@link OptimizerOptions} plus Adam's
 * hyperparameters.
 *
 * @example
 * ```ts
 * const options: AdamOptions = { learningRate: 3e-4, beta2: 0.99, amsgrad: true };
 * ```
 */
export interface AdamOptions extends OptimizerOptions {
  /** Decay rate of the first-moment estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay rate of the second-moment estimate, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to `sqrt(v)`: Keras's "epsilon hat" (default 1e-7, PyTorch's is 1e-8 in another place). */
  epsilon?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
}

/**
 * The Adam optimizer (Keras's `Adam`; learning rate default 0.001). Per
 * variable, moments `m` (slot `'momentum'`) and `v` (slot `'velocity'`),
 * and with `amsgrad` the running maximum `vHat` (slot `'velocity_hat'`).
 * At step `t` (1 on the first update):
 *
 * ```
 * m += (g - m) * (1 - beta1);   v += (g^2 - v) * (1 - beta2)
 * lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * w -= lr_t * m / (sqrt(v) + epsilon)        // v -> vHat = max(vHat, v) with amsgrad
 * ```
 *
 * Keras differs from PyTorch here: epsilon is added after the bias
 * correction ("epsilon hat"), and defaults to 1e-7. Keras wins. The bias
 * correction is computed on the host (no device read-back) from the betas
 * rounded to float32, as Keras casts them.
 *
 * @example
 * ```ts
 * const opt = new Adam({ learningRate: 1e-3 });
 * const loss = opt.minimize(() => mean(square(sub(matMul(x, w), y))), [w]);
 * ```
 */
export class Adam extends Optimizer {
  static override readonly className: string = 'Adam';

  /** First-moment decay rate. */
  readonly beta1: number;
  /** Second-moment decay rate. */
  readonly beta2: number;
  /** The epsilon added to `sqrt(v)`. */
  readonly epsilon: number;
  /** Whether AMSGrad is used. */
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['beta1', 'beta2', 'epsilon', 'amsgrad']);
    const cls = (this.constructor as typeof Adam).className; // 'AdamW' in the subclass
    const inUnit = (key: 'beta1' | 'beta2', fallback: number) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
        throw new ValueError(`${cls}: \`${key}\` must be a number in [0, 1), got ${String(value)}.`);
      }
      return value;
    };
    this.beta1 = inUnit('beta1', 0.9);
    this.beta2 = inUnit('beta2', 0.999);
    const epsilon = options.epsilon ?? 1e-7;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
      throw new ValueError(`${cls}: \`epsilon\` must be a finite number >= 0, got ${String(epsilon)}.`);
    }
    this.epsilon = epsilon;
    const amsgrad = options.amsgrad ?? false;
    if (typeof amsgrad !== 'boolean') {
      throw new ValueError(`${cls}: \`amsgrad\` must be a boolean, got ${String(amsgrad)}.`);
    }
    this.amsgrad = amsgrad;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: momentum and velocity interleaved per variable, then every velocity_hat.
    for (const v of variables) {
      this.addVariableFromReference(v, 'momentum');
      this.addVariableFromReference(v, 'velocity');
    }
    if (this.amsgrad) for (const v of variables) this.addVariableFromReference(v, 'velocity_hat');
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const step = this.iterations + 1;
    const beta1Power = Math.fround(this.beta1) ** step;
    const beta2Power = Math.fround(this.beta2) ** step;
    const alpha = mul(learningRate, Math.sqrt(1 - beta2Power) / (1 - beta1Power));

    const m = this.getSlot(variable, 'momentum');
    let v: Variable = this.getSlot(variable, 'velocity');
    assignAdd(m, mul(sub(gradient, m), 1 - this.beta1));
    assignAdd(v, mul(sub(square(gradient), v), 1 - this.beta2));
    if (this.amsgrad) {
      const vHat = this.getSlot(variable, 'velocity_hat');
      assign(vHat, maximum(vHat, v));
      v = vHat;
    }
    assignSub(variable, div(mul(m, alpha), add(sqrt(v), this.epsilon)));
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
    };
  }
}

registerSerializable(Adam);
