/**
 * RMSprop, exactly as Keras 3's `keras/src/optimizers/rmsprop.py` (epsilon
 * inside the square root, optional plain momentum, optional centering).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { add, assign, assignSub, div, mul, sqrt, square, sub, type Tensor, type Variable } from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link RMSprop}: the base {@link OptimizerOptions} plus
 * RMSprop's hyperparameters.
 *
 * @example
 * ```ts
 * const options: RMSpropOptions = { learningRate: 1e-3, rho: 0.95, momentum: 0.9, centered: true };
 * ```
 */
export interface RMSpropOptions extends OptimizerOptions {
  /** Discount factor of the moving averages, in [0, 1] (default 0.9). */
  rho?: number;
  /** Plain (not Nesterov) momentum in [0, 1]; 0 (the default) uses none and creates no momentum slots. */
  momentum?: number;
  /** Added to the second-moment estimate inside the square root (default 1e-7). */
  epsilon?: number;
  /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
  centered?: boolean;
}

/**
 * The RMSprop optimizer (Keras's `RMSprop`; learning rate default 0.001).
 * Per variable, a moving average of the squared gradient `v` (slot
 * `'velocity'`), with `centered` a moving average of the gradient `a` (slot
 * `'average_gradient'`), and with `momentum > 0` a momentum buffer `m` (slot
 * `'momentum'`):
 *
 * ```
 * v = rho * v + (1 - rho) * g^2
 * a = rho * a + (1 - rho) * g                       // centered only
 * increment = lr * g / sqrt(v + epsilon)            // centered: sqrt(v - a^2 + epsilon)
 * m = momentum * m + increment;  w -= m             // momentum > 0
 * w -= increment                                    // momentum = 0
 * ```
 *
 * Keras differs from PyTorch here: epsilon is added inside the square root
 * (PyTorch adds it to `sqrt(v)`), defaults to 1e-7 (PyTorch: 1e-8), and the
 * learning rate is applied before the momentum buffer (PyTorch applies it
 * after; identical for a constant learning rate). Keras wins.
 *
 * The default name is released Keras 3's, `'rmsprop'`; its variables are
 * named after it (made unique where two optimizers share the name).
 *
 * @example
 * ```ts
 * const opt = new RMSprop({ learningRate: 0.1 });
 * const w = variable(scalar(10));
 * opt.minimize(() => div(square(w), 2), [w]).dispose(); // w = 9.683772
 * ```
 */
export class RMSprop extends Optimizer {
  static override readonly className: string = 'RMSprop';

  /** Discount factor of the moving averages. */
  readonly rho: number;
  /** The momentum factor (0: none). */
  readonly momentum: number;
  /** The epsilon added inside the square root. */
  readonly epsilon: number;
  /** Whether the centered variant is used. */
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    // Released Keras 3 names it 'rmsprop' (the snake_case of the class name would be 'rm_sprop').
    super({ ...options, name: options.name ?? 'rmsprop', learningRate: options.learningRate ?? 0.001 }, [
      'rho',
      'momentum',
      'epsilon',
      'centered',
    ]);
    const inUnit = (key: 'rho' | 'momentum', fallback: number) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new ValueError(`RMSprop: \`${key}\` must be a number in [0, 1], got ${String(value)}.`);
      }
      return value;
    };
    this.rho = inUnit('rho', 0.9);
    this.momentum = inUnit('momentum', 0);
    const epsilon = options.epsilon ?? 1e-7;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
      throw new ValueError(`RMSprop: \`epsilon\` must be a finite number >= 0, got ${String(epsilon)}.`);
    }
    this.epsilon = epsilon;
    const centered = options.centered ?? false;
    if (typeof centered !== 'boolean') {
      throw new ValueError(`RMSprop: \`centered\` must be a boolean, got ${String(centered)}.`);
    }
    this.centered = centered;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: every velocity, then every momentum (momentum > 0), then every average_gradient (centered).
    for (const v of variables) this.addVariableFromReference(v, 'velocity');
    if (this.momentum > 0) for (const v of variables) this.addVariableFromReference(v, 'momentum');
    if (this.centered) for (const v of variables) this.addVariableFromReference(v, 'average_gradient');
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const rho = this.rho;
    const velocity = this.getSlot(variable, 'velocity');
    assign(velocity, add(mul(velocity, rho), mul(square(gradient), 1 - rho)));
    let denominator: Tensor;
    if (this.centered) {
      const averageGrad = this.getSlot(variable, 'average_gradient');
      assign(averageGrad, add(mul(averageGrad, rho), mul(gradient, 1 - rho)));
      denominator = add(sub(velocity, square(averageGrad)), this.epsilon);
    } else {
      denominator = add(velocity, this.epsilon);
    }
    const increment = div(mul(gradient, learningRate), sqrt(denominator));
    if (this.momentum > 0) {
      const m = this.getSlot(variable, 'momentum');
      assign(m, add(mul(m, this.momentum), increment));
      assignSub(variable, m);
    } else {
      assignSub(variable, increment);
    }
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}

registerSerializable(RMSprop);
