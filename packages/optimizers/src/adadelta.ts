/**
 * Adadelta, exactly as Keras 3's `keras/src/optimizers/adadelta.py`.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { add, assign, assignSub, div, mul, sqrt, square, type Tensor, type Variable } from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adadelta}: the base {@link OptimizerOptions} plus
 * Adadelta's hyperparameters.
 *
 * @example
 * ```ts
 * const options: AdadeltaOptions = { learningRate: 1.0, rho: 0.95, epsilon: 1e-6 };
 * ```
 */
export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay rate of both moving averages, in [0, 1] (default 0.95; PyTorch's is 0.9). */
  rho?: number;
  /** Added inside both root-mean-squares, >= 0 (default 1e-7; PyTorch's is 1e-6). */
  epsilon?: number;
}

/**
 * The Adadelta optimizer (Keras's `Adadelta`; learning rate default 0.001,
 * though Adadelta usually wants a larger one; the original paper's form is
 * `learningRate: 1`). Per variable, a moving average of the squared
 * gradient `Eg` (slot `'accumulated_grad'`) and of the squared update `Ed`
 * (slot `'accumulated_delta_var'`):
 *
 * ```
 * Eg = rho * Eg + (1 - rho) * g^2
 * d  = g * sqrt(Ed + epsilon) / sqrt(Eg + epsilon)
 * Ed = rho * Ed + (1 - rho) * d^2
 * w -= lr * d
 * ```
 *
 * The update rule is PyTorch's too; Keras differs from PyTorch in its
 * defaults (learning rate 0.001, `rho` 0.95, `epsilon` 1e-7; PyTorch: 1.0,
 * 0.9, 1e-6) and in decoupled weight decay (PyTorch adds it to the
 * gradient). Keras wins. `d` is computed as `g * sqrt((Ed + eps) / (Eg + eps))`,
 * one kernel fewer than Keras's two square roots and equal to float32
 * rounding.
 *
 * @example
 * ```ts
 * const opt = new Adadelta({ learningRate: 1.0 });
 * const w = variable(tensor([1, 2]));
 * opt.minimize(() => sum(square(w)), [w]).dispose();
 * ```
 */
export class Adadelta extends Optimizer {
  static override readonly className: string = 'Adadelta';

  /** Decay rate of the moving averages. */
  readonly rho: number;
  /** The epsilon added inside the square roots. */
  readonly epsilon: number;

  constructor(options: AdadeltaOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['rho', 'epsilon']);
    const rho = options.rho ?? 0.95;
    if (typeof rho !== 'number' || !(rho >= 0 && rho <= 1)) {
      throw new ValueError(`Adadelta: \`rho\` must be a number in [0, 1], got ${String(rho)}.`);
    }
    this.rho = rho;
    const epsilon = options.epsilon ?? 1e-7;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
      throw new ValueError(`Adadelta: \`epsilon\` must be a finite number >= 0, got ${String(epsilon)}.`);
    }
    this.epsilon = epsilon;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: accumulated_grad and accumulated_delta_var interleaved per variable.
    for (const v of variables) {
      this.addVariableFromReference(v, 'accumulated_grad');
      this.addVariableFromReference(v, 'accumulated_delta_var');
    }
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const rho = this.rho;
    const eps = this.epsilon;
    const accumulatedGrad = this.getSlot(variable, 'accumulated_grad');
    const accumulatedDelta = this.getSlot(variable, 'accumulated_delta_var');
    assign(accumulatedGrad, add(mul(accumulatedGrad, rho), mul(square(gradient), 1 - rho)));
    // Keras's delta_var is -delta.
    const delta = mul(gradient, sqrt(div(add(accumulatedDelta, eps), add(accumulatedGrad, eps))));
    assign(accumulatedDelta, add(mul(accumulatedDelta, rho), mul(square(delta), 1 - rho)));
    assignSub(variable, mul(delta, learningRate));
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      rho: this.rho,
      epsilon: this.epsilon,
    };
  }
}

registerSerializable(Adadelta);
