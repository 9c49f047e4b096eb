/**
 * Adagrad, exactly as Keras 3's `keras/src/optimizers/adagrad.py` (initial
 * accumulator 0.1, epsilon inside the square root).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { add, assignAdd, assignSub, div, mul, sqrt, square, type Tensor, type Variable } from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adagrad}: the base {@link OptimizerOptions} plus
 * Adagrad's hyperparameters.
 *
 * @example
 * ```ts
 * const options: AdagradOptions = { learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: 1e-7 };
 * ```
 */
export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the per-weight sum of squared gradients, >= 0 (default 0.1; PyTorch's is 0). */
  initialAccumulatorValue?: number;
  /** Added to the accumulator inside the square root, >= 0 (default 1e-7). */
  epsilon?: number;
}

/**
 * The Adagrad optimizer (Keras's `Adagrad`; learning rate default 0.001,
 * though Adagrad usually wants a larger one; the original paper's form is
 * `learningRate: 1`). Per variable, the running sum of squared gradients
 * `a` (slot `'accumulator'`, starting at `initialAccumulatorValue`):
 *
 * ```
 * a += g^2
 * w -= lr * g / sqrt(a + epsilon)
 * ```
 *
 * Keras differs from PyTorch here: the accumulator starts at 0.1 (PyTorch:
 * 0), epsilon is added inside the square root (PyTorch adds it to
 * `sqrt(a)`) and defaults to 1e-7 (PyTorch: 1e-10), the default learning
 * rate is 0.001 (PyTorch: 0.01), there is no `lr_decay`, and weight decay is
 * decoupled (PyTorch adds it to the gradient). Keras wins.
 *
 * @example
 * ```ts
 * const opt = new Adagrad({ learningRate: 0.5 });
 * const w = variable(tensor([1, 2, 3, 4]));
 * opt.applyGradients([[tensor([1, 6, 7, 2]), w]]); // w = [0.5233, 1.5007, 2.5005, 3.5061]
 * ```
 */
export class Adagrad extends Optimizer {
  static override readonly className: string = 'Adagrad';

  /** Starting value of the accumulators. */
  readonly initialAccumulatorValue: number;
  /** The epsilon added inside the square root. */
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['initialAccumulatorValue', 'epsilon']);
    const nonNegative = (key: 'initialAccumulatorValue' | 'epsilon', fallback: number) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= 0)) {
        throw new ValueError(`Adagrad: \`${key}\` must be a finite number >= 0, got ${String(value)}.`);
      }
      return value;
    };
    this.initialAccumulatorValue = nonNegative('initialAccumulatorValue', 0.1);
    this.epsilon = nonNegative('epsilon', 1e-7);
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    for (const v of variables) this.addVariableFromReference(v, 'accumulator', this.initialAccumulatorValue);
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const accumulator = this.getSlot(variable, 'accumulator');
    assignAdd(accumulator, square(gradient));
    assignSub(variable, div(mul(gradient, learningRate), sqrt(add(accumulator, this.epsilon))));
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      initialAccumulatorValue: this.initialAccumulatorValue,
      epsilon: this.epsilon,
    };
  }
}

registerSerializable(Adagrad);
