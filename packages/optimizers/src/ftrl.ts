/**
 * FTRL-Proximal, exactly as Keras 3's `keras/src/optimizers/ftrl.py` (online
 * L1 and L2, L2 shrinkage, beta, learning-rate power, initial accumulator).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  assign,
  assignAdd,
  clipByValue,
  div,
  mul,
  pow,
  sqrt,
  square,
  sub,
  type Tensor,
  type Variable,
} from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Ftrl}: the base {@link OptimizerOptions} plus FTRL's
 * hyperparameters (Keras's names, in camelCase).
 *
 * @example
 * ```ts
 * const options: FtrlOptions = { learningRate: 0.05, l1RegularizationStrength: 0.01, beta: 1 };
 * ```
 */
export interface FtrlOptions extends OptimizerOptions {
  /** How the per-weight learning rate shrinks with the accumulator, <= 0 (default -0.5; 0: a fixed rate). */
  learningRatePower?: number;
  /** Starting value of the sum of squared gradients, >= 0 (default 0.1). */
  initialAccumulatorValue?: number;
  /** L1 strength `lambda1`, >= 0 (default 0): weights whose `|z|` stays below it are exactly 0. */
  l1RegularizationStrength?: number;
  /** Online (stabilizing) L2 strength `lambda2`, >= 0 (default 0). */
  l2RegularizationStrength?: number;
  /** L2 shrinkage, >= 0 (default 0): adds `2 * l2Shrinkage * w` to the gradient in `z` (a penalty on the loss). */
  l2ShrinkageRegularizationStrength?: number;
  /** The paper's `beta`, >= 0 (default 0): added to `n^-lrPower` in the denominator. */
  beta?: number;
}

type FtrlOwnKey =
  | 'learningRatePower'
  | 'initialAccumulatorValue'
  | 'l1RegularizationStrength'
  | 'l2RegularizationStrength'
  | 'l2ShrinkageRegularizationStrength'
  | 'beta';

const FTRL_KEYS: readonly FtrlOwnKey[] = [
  'learningRatePower',
  'initialAccumulatorValue',
  'l1RegularizationStrength',
  'l2RegularizationStrength',
  'l2ShrinkageRegularizationStrength',
  'beta',
];

/**
 * The FTRL-Proximal optimizer ("Follow The Regularized Leader", McMahan et
 * al. 2013; Keras's `Ftrl`, learning rate default 0.001), best for shallow
 * models with large, sparse feature spaces. Per variable, the sum of squared
 * gradients `n` (slot `'accumulator'`, starting at `initialAccumulatorValue`)
 * and the linear term `z` (slot `'linear'`). With `p = -learningRatePower`,
 * `l1`, `l2`, `s` the regularization strengths:
 *
 * ```
 * n_new = n + g^2
 * z += (g + 2 * s * w) - (n_new^p - n^p) / lr * w
 * w  = (clip(z, -l1, l1) - z) / ((n_new^p + beta) / lr + 2 * l2)   // 0 where |z| <= l1
 * n  = n_new
 * ```
 *
 * PyTorch has no FTRL; this is Keras's (and TensorFlow's `ApplyFtrlV2`)
 * form: the accumulator uses the raw gradient, `z` the shrunk one. The new
 * weight is computed from `z` alone, so decoupled weight decay (applied to
 * `w` before the step, as for every Keras optimizer) only acts through the
 * `(n_new^p - n^p) / lr * w` term, and an optimizer that receives a zero
 * gradient on its first step sets the weight to 0 (Keras does the same).
 * `beta` must be >= 0 here (Keras does not check it).
 *
 * @example
 * ```ts
 * const opt = new Ftrl({ learningRate: 0.5 });
 * const w = variable(tensor([1, 2, 3, 4]));
 * opt.applyGradients([[tensor([1, 6, 7, 2]), w]]); // w = [0.2218, 1.3954, 2.3651, 2.8814]
 * ```
 */
export class Ftrl extends Optimizer {
  static override readonly className: string = 'Ftrl';

  /** The learning-rate power (<= 0). */
  readonly learningRatePower: number;
  /** Starting value of the accumulators. */
  readonly initialAccumulatorValue: number;
  /** L1 regularization strength. */
  readonly l1RegularizationStrength: number;
  /** Online L2 regularization strength. */
  readonly l2RegularizationStrength: number;
  /** L2 shrinkage regularization strength. */
  readonly l2ShrinkageRegularizationStrength: number;
  /** The paper's beta. */
  readonly beta: number;

  constructor(options: FtrlOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, FTRL_KEYS);
    const read = (key: FtrlOwnKey, fallback: number, ok: (n: number) => boolean, expected: string) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
        throw new ValueError(`Ftrl: \`${key}\` needs to be ${expected}. Received: ${key}=${String(value)}.`);
      }
      return value;
    };
    const nonNegative = (n: number) => n >= 0;
    this.learningRatePower = read('learningRatePower', -0.5, (n) => n <= 0, 'negative or zero');
    this.initialAccumulatorValue = read('initialAccumulatorValue', 0.1, nonNegative, 'positive or zero');
    this.l1RegularizationStrength = read('l1RegularizationStrength', 0, nonNegative, 'positive or zero');
    this.l2RegularizationStrength = read('l2RegularizationStrength', 0, nonNegative, 'positive or zero');
    this.l2ShrinkageRegularizationStrength = read(
      'l2ShrinkageRegularizationStrength',
      0,
      nonNegative,
      'positive or zero',
    );
    this.beta = read('beta', 0, nonNegative, 'positive or zero');
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: accumulator and linear interleaved per variable.
    for (const v of variables) {
      this.addVariableFromReference(v, 'accumulator', this.initialAccumulatorValue);
      this.addVariableFromReference(v, 'linear');
    }
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const accumulator = this.getSlot(variable, 'accumulator');
    const linear = this.getSlot(variable, 'linear');
    const p = -this.learningRatePower;
    const l1 = this.l1RegularizationStrength;
    const shrinkage = this.l2ShrinkageRegularizationStrength;
    // 2 * (l2 + beta / (2 * lr)), on the scalar learning rate.
    const twoL2 = this.l2RegularizationStrength * 2;
    const scalarTerm = this.beta !== 0 ? add(div(this.beta, learningRate), twoL2) : twoL2;

    const gradToUse = shrinkage !== 0 ? add(gradient, mul(variable, 2 * shrinkage)) : gradient;
    const newAccumulator = add(accumulator, square(gradient));
    let quadratic: Tensor | number;
    if (p === 0) {
      // n^0 = 1 before and after: sigma = 0, and the denominator is the scalar 1 / lr + 2 * l2_reg.
      assignAdd(linear, gradToUse);
      quadratic = add(div(1, learningRate), scalarTerm);
    } else {
      const raise = (x: Tensor) => (p === 0.5 ? sqrt(x) : p === 1 ? x : pow(x, p));
      const newPower = raise(newAccumulator);
      const sigmaW = div(mul(sub(newPower, raise(accumulator)), variable), learningRate);
      assignAdd(linear, sub(gradToUse, sigmaW));
      quadratic = div(newPower, learningRate);
      if (scalarTerm !== 0) quadratic = add(quadratic, scalarTerm);
    }
    // clip(z, -l1, l1) - z: 0 - z when l1 is 0 (+0, not neg's -0, where z is 0, as Keras).
    const numerator = l1 !== 0 ? sub(clipByValue(linear, -l1, l1), linear) : sub(0, linear);
    assign(variable, div(numerator, quadratic));
    assign(accumulator, newAccumulator);
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      learningRatePower: this.learningRatePower,
      initialAccumulatorValue: this.initialAccumulatorValue,
      l1RegularizationStrength: this.l1RegularizationStrength,
      l2RegularizationStrength: this.l2RegularizationStrength,
      l2ShrinkageRegularizationStrength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}

registerSerializable(Ftrl);
