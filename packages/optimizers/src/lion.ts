/**
 * Lion ("EvoLved Sign Momentum"), exactly as Keras 3's
 * `keras/src/optimizers/lion.py`.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { add, assign, assignSub, mul, sign, type Tensor, type Variable } from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Lion}: the base {@link OptimizerOptions} plus Lion's
 * two interpolation rates.
 *
 * @example
 * ```ts
 * const options: LionOptions = { learningRate: 1e-4, beta1: 0.95, beta2: 0.98, weightDecay: 0.1 };
 * ```
 */
export interface LionOptions extends OptimizerOptions {
  /** How much of the old momentum goes into the update's sign, in (0, 1] (default 0.9). */
  beta1?: number;
  /** Decay rate of the momentum, in [0, 1] (default 0.99). */
  beta2?: number;
}

/**
 * The Lion optimizer (Keras's `Lion`; learning rate default 0.001). It keeps
 * one momentum `m` per variable (slot `'momentum'`) and moves every weight by
 * exactly the learning rate, in the direction of a sign:
 *
 * ```
 * w -= lr * sign(beta1 * m + (1 - beta1) * g)
 * m  = beta2 * m + (1 - beta2) * g
 * ```
 *
 * Because every step has the same size, a good learning rate is 3-10x
 * smaller than AdamW's, and `weightDecay` 3-10x larger (the decoupled decay
 * `w -= w * weightDecay * lr` is applied before the step, as in the paper).
 * `beta1` must be in (0, 1]: at 0 Lion would be SignSGD (Keras's check).
 * Here the sign is taken of `m + g * (1 - beta1) / beta1` (the same sign,
 * one kernel less).
 *
 * Keras differs from the authors' PyTorch implementation (google/automl's
 * `lion_pytorch.py`, `lion-pytorch`) in the default learning rate (0.001
 * here and in Keras, 1e-4 there) and in rejecting `beta1` 0; the update and
 * the weight decay are the same. Keras wins.
 *
 * @example
 * ```ts
 * const opt = new Lion({ learningRate: 0.5 });
 * const w = variable(tensor([1, 2, 3, 4]));
 * opt.applyGradients([[tensor([1, 6, 7, 2]), w]]); // w = [0.5, 1.5, 2.5, 3.5]
 * ```
 */
export class Lion extends Optimizer {
  static override readonly className: string = 'Lion';

  /** Interpolation rate between the momentum and the gradient inside the sign. */
  readonly beta1: number;
  /** Decay rate of the momentum. */
  readonly beta2: number;

  constructor(options: LionOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['beta1', 'beta2']);
    const beta1 = options.beta1 ?? 0.9;
    if (typeof beta1 !== 'number' || !(beta1 > 0 && beta1 <= 1)) {
      throw new ValueError(
        'Lion: `beta1` must be a number in (0, 1]; at 0 the optimizer degenerates to SignSGD. ' +
          `Got ${String(beta1)}.`,
      );
    }
    const beta2 = options.beta2 ?? 0.99;
    if (typeof beta2 !== 'number' || !(beta2 >= 0 && beta2 <= 1)) {
      throw new ValueError(`Lion: \`beta2\` must be a number in [0, 1], got ${String(beta2)}.`);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    for (const v of variables) this.addVariableFromReference(v, 'momentum');
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    // Keras casts the betas to float32 and computes 1 - beta in float32.
    const beta1 = Math.fround(this.beta1);
    const beta2 = Math.fround(this.beta2);
    const m = this.getSlot(variable, 'momentum');
    // sign(beta1 * m + (1 - beta1) * g) = sign(m + g * (1 - beta1) / beta1), as beta1 > 0.
    assignSub(variable, mul(sign(add(m, mul(gradient, (1 - beta1) / beta1))), learningRate));
    assign(m, add(mul(m, beta2), mul(gradient, 1 - beta2)));
  }

  override getConfig(): Config {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2 };
  }
}

registerSerializable(Lion);
