/**
 * Nadam, exactly as Keras 3's `keras/src/optimizers/nadam.py` (Adam with
 * Nesterov momentum and Dozat's momentum schedule, kept in `u_product`).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  assign,
  assignAdd,
  assignSub,
  div,
  mul,
  sqrt,
  square,
  sub,
  type Tensor,
  type Variable,
} from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Nadam}: the base {@link OptimizerOptions} plus Nadam's
 * hyperparameters.
 *
 * @example
 * ```ts
 * const options: NadamOptions = { learningRate: 2e-3, beta1: 0.9, beta2: 0.999 };
 * ```
 */
export interface NadamOptions extends OptimizerOptions {
  /** Decay rate of the first-moment estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay rate of the second-moment estimate, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to `sqrt(v_hat)`: Keras's "epsilon hat", a finite number >= 0 (default 1e-7). */
  epsilon?: number;
}

/** Dozat's momentum schedule as Keras writes it: `u_t = beta1 * (1 - 0.5 * 0.96^t)`, with float32 constants. */
function momentumAt(beta1: number, t: number): number {
  return Math.fround(beta1) * (1 - 0.5 * Math.fround(0.96) ** t);
}

/**
 * The Nadam optimizer (Keras's `Nadam`, Dozat 2015: Adam with Nesterov
 * momentum; learning rate default 0.001). Per variable, moments `m` (slot
 * `'momentum'`) and `v` (slot `'velocity'`); one scalar variable shared by
 * all of them, {@link Nadam.uProduct} (Keras's `_u_product`, starting at 1),
 * holds the product of the momentum schedule so far. At step `t` (1 on the
 * first update), once per update:
 *
 * ```
 * u_t = beta1 * (1 - 0.5 * 0.96^t);   u_t1 = beta1 * (1 - 0.5 * 0.96^(t+1))
 * u_product *= u_t
 * ```
 *
 * then for each variable:
 *
 * ```
 * m += (g - m) * (1 - beta1);   v += (g^2 - v) * (1 - beta2)
 * m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product)
 * v_hat = v / (1 - beta2^t)
 * w -= lr * m_hat / (sqrt(v_hat) + epsilon)
 * ```
 *
 * Keras differs from PyTorch here: PyTorch's `NAdam` decays the schedule as
 * `0.96^(t * momentum_decay)` with `momentum_decay` 0.004, so its `u_t`
 * barely moves from `beta1 / 2`; Keras uses `0.96^t`. PyTorch also defaults
 * to lr 0.002 and eps 1e-8. Keras wins.
 *
 * @example
 * ```ts
 * const opt = new Nadam({ learningRate: 0.5 });
 * const w = variable(tensor([1, 2, 3, 4]));
 * opt.applyGradients([[tensor([1, 6, 7, 2]), w]]); // w = [0.4686, 1.4686, 2.4686, 3.4686]
 * ```
 */
export class Nadam extends Optimizer {
  static override readonly className: string = 'Nadam';

  /** First-moment decay rate. */
  readonly beta1: number;
  /** Second-moment decay rate. */
  readonly beta2: number;
  /** The epsilon added to `sqrt(v_hat)`. */
  readonly epsilon: number;

  private uProductVar: Variable | null = null;
  /** This update's `m_hat` coefficients `[u_t1 / (1 - u_product * u_t1), (1 - u_t) / (1 - u_product)]`. */
  private coefficients: [Tensor, Tensor] | null = null;

  constructor(options: NadamOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, ['beta1', 'beta2', 'epsilon']);
    const inUnit = (key: 'beta1' | 'beta2', fallback: number) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
        throw new ValueError(`Nadam: \`${key}\` must be a number in [0, 1), got ${String(value)}.`);
      }
      return value;
    };
    this.beta1 = inUnit('beta1', 0.9);
    this.beta2 = inUnit('beta2', 0.999);
    const epsilon = options.epsilon ?? 1e-7;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
      throw new ValueError(`Nadam: \`epsilon\` must be a finite number >= 0, got ${String(epsilon)}.`);
    }
    this.epsilon = epsilon;
  }

  /**
   * The float32 scalar variable holding the product of the momentum schedule
   * `u_1 * u_2 * ... * u_t` after `t` updates (Keras's `_u_product`; 1 before
   * the first). Created by the first `build` (or `applyGradients`), after the
   * first variables' slots, so it is the last of {@link Optimizer.variables}
   * as in Keras; null before that.
   */
  get uProduct(): Variable | null {
    return this.uProductVar;
  }

  /** Creates the slots of new variables and, on the first call (even with no variables), `u_product`, as Keras's `build`. */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    if (this.uProductVar === null) this.uProductVar = this.addVariable([], 'u_product', { initialValue: 1 });
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: momentum and velocity interleaved per variable.
    for (const v of variables) {
      this.addVariableFromReference(v, 'momentum');
      this.addVariableFromReference(v, 'velocity');
    }
  }

  /** Advances `u_product` once per update (Keras's `_backend_update_step`), then updates each variable. */
  protected override updateSteps(
    gradients: readonly Tensor[],
    variables: readonly Variable[],
    learningRate: Tensor,
  ): void {
    const t = this.iterations + 1;
    const uT = momentumAt(this.beta1, t);
    const uT1 = momentumAt(this.beta1, t + 1);
    const uProduct = this.uProductVar as Variable;
    assign(uProduct, mul(uProduct, uT));
    this.coefficients = [div(uT1, sub(1, mul(uProduct, uT1))), div(1 - uT, sub(1, uProduct))];
    try {
      super.updateSteps(gradients, variables, learningRate);
    } finally {
      this.coefficients = null; // the tensors belong to applyGradients's scope
    }
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const [momentumCoefficient, gradientCoefficient] = this.coefficients as [Tensor, Tensor];
    // Keras casts the betas to float32 before every use here, `1 - beta` included.
    const beta1 = Math.fround(this.beta1);
    const beta2 = Math.fround(this.beta2);
    const beta2Power = beta2 ** (this.iterations + 1);

    const m = this.getSlot(variable, 'momentum');
    const v = this.getSlot(variable, 'velocity');
    assignAdd(m, mul(sub(gradient, m), 1 - beta1));
    assignAdd(v, mul(sub(square(gradient), v), 1 - beta2));
    const mHat = add(mul(m, momentumCoefficient), mul(gradient, gradientCoefficient));
    const vHat = div(v, 1 - beta2Power);
    assignSub(variable, div(mul(mHat, learningRate), add(sqrt(vHat), this.epsilon)));
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

registerSerializable(Nadam);
