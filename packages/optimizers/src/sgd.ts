/**
 * Stochastic gradient descent, with optional (Nesterov) momentum, exactly as
 * Keras 3's `keras/src/optimizers/sgd.py`.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { assign, assignAdd, assignSub, mul, sub, type Tensor, type Variable } from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link SGD}: the base {@link OptimizerOptions} plus momentum.
 *
 * @example
 * ```ts
 * const options: SGDOptions = { learningRate: 0.1, momentum: 0.9, nesterov: true };
 * ```
 */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum in [0, 1]; 0 (the default) is plain gradient descent. */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Gradient descent with optional momentum (Keras's `SGD`; learning rate
 * default 0.01). With `momentum` 0: `w -= lr * g`. Otherwise, with a velocity
 * `m` per variable (slot `'momentum'`, created only when momentum > 0):
 * `m = momentum * m - lr * g; w += m`; with `nesterov`:
 * `w += momentum * m - lr * g` (with the updated `m`). This is PyTorch's
 * formula rearranged: identical for a constant learning rate.
 *
 * @example
 * ```ts
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.applyGradients([[grad, w]]);
 * ```
 */
export class SGD extends Optimizer {
  static override readonly className: string = 'SGD';

  /** The momentum factor. */
  readonly momentum: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.01 }, ['momentum', 'nesterov']);
    const momentum = options.momentum ?? 0;
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
      throw new ValueError(`SGD: \`momentum\` must be a float between [0, 1], got ${String(momentum)}.`);
    }
    const nesterov = options.nesterov ?? false;
    if (typeof nesterov !== 'boolean') {
      throw new ValueError(`SGD: \`nesterov\` must be a boolean, got ${String(nesterov)}.`);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    if (this.momentum === 0) return;
    for (const v of variables) this.addVariableFromReference(v, 'momentum');
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    if (this.momentum === 0) {
      assignSub(variable, mul(gradient, learningRate));
      return;
    }
    const m = this.getSlot(variable, 'momentum');
    assign(m, sub(mul(m, this.momentum), mul(gradient, learningRate)));
    if (this.nesterov) {
      assignAdd(variable, sub(mul(m, this.momentum), mul(gradient, learningRate)));
    } else {
      assignAdd(variable, m);
    }
  }

  override getConfig(): Config {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

registerSerializable(SGD);
