/**
 * Adafactor, exactly as Keras 3's `keras/src/optimizers/adafactor.py`
 * (factored second moment for variables of rank >= 2, relative step size,
 * update clipping).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  assign,
  assignSub,
  div,
  expandDims,
  maximum,
  mean,
  minimum,
  mul,
  sqrt,
  square,
  type Tensor,
  type Variable,
} from '@layerwise/tensors';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adafactor}: the base {@link OptimizerOptions} plus
 * Adafactor's hyperparameters (Keras's names, in camelCase).
 *
 * @example
 * ```ts
 * const options: AdafactorOptions = { learningRate: 0.01, clipThreshold: 1, beta2Decay: -0.8 };
 * ```
 */
export interface AdafactorOptions extends OptimizerOptions {
  /** The second-moment decay is `1 - t^beta2Decay` at step `t`; a number <= 0 (default -0.8). */
  beta2Decay?: number;
  /** Added to the squared gradient before it is averaged, keeping denominators away from 0 (default 1e-30). */
  epsilon1?: number;
  /** Lower bound of the weights' RMS in the step size, so that weights can move away from 0 (default 1e-3). */
  epsilon2?: number;
  /** Update clipping: the update's RMS is scaled down to at most this (default 1; Adafactor's own, independent of `clipnorm`). */
  clipThreshold?: number;
  /** Keras's `relative_step` (default true). Kept for config compatibility: in Keras 3 it does not change the update. */
  relativeStep?: boolean;
}

/**
 * The Adafactor optimizer (Keras's `Adafactor`; learning rate default 0.001;
 * Shazeer & Stern, 2018). At step `t` (1 on the first update), with `G = g^2
 * + epsilon1`:
 *
 * ```
 * beta2_t = 1 - t^beta2Decay
 * rho_t   = min(lr, 1 / sqrt(t))
 * alpha_t = max(epsilon2, rms(w)) * rho_t
 * rank >= 2:  r = beta2_t * r + (1 - beta2_t) * mean(G, axis -1)      // shape w.shape[:-1]
 *             c = beta2_t * c + (1 - beta2_t) * mean(G, axis -2)      // shape w.shape[:-2] + w.shape[-1:]
 *             v = (r / mean(r, axis -1))[..., None] * c[..., None, :]
 * rank < 2:   v = beta2_t * v + (1 - beta2_t) * G
 * u = g / sqrt(v);   w -= alpha_t * u / max(1, rms(u) / clipThreshold)
 * ```
 *
 * Slots, in Keras's order, per variable: `'r'`, `'c'`, then `'velocity'`
 * (shaped like the variable, for every rank: Keras keeps `v` in full even
 * when it is factored). For rank >= 2, `r` and `c` are shaped as above, over
 * the last two axes; for rank < 2 they are int32 scalar placeholders
 * (Keras's dummy `Variable(0)`), so that saved optimizer weights line up
 * with Keras's. Read them with `getSlot(variable, 'r' | 'c' | 'velocity')`.
 *
 * `rho_t` is `min(lr, 1 / sqrt(t))` whatever `relativeStep` is: Keras 3
 * applies that minimum whether or not `relative_step` is set, so the option
 * changes nothing there, nor here. Keras differs from PyTorch's
 * `torch.optim.Adafactor`: the default learning rate is 0.001 (PyTorch:
 * 0.01), `epsilon1` is added to the squared gradient before averaging
 * (PyTorch uses it as a lower bound in the denominators instead, and
 * defaults it to the float epsilon), and `clipThreshold` may be below 1. Keras wins.
 *
 * @example
 * ```ts
 * const opt = new Adafactor({ learningRate: 0.5 });
 * const w = variable(tensor([[1, 2], [3, 4]]));
 * opt.applyGradients([[tensor([[1, 6], [7, 2]]), w]]); // w = [[0.7007, -0.0081], [1.2492, 3.4407]]
 * ```
 */
export class Adafactor extends Optimizer {
  static override readonly className: string = 'Adafactor';

  /** Exponent of the second-moment decay schedule. */
  readonly beta2Decay: number;
  /** Offset added to the squared gradient. */
  readonly epsilon1: number;
  /** Lower bound of the weights' RMS in the step size. */
  readonly epsilon2: number;
  /** Update-clipping threshold on the RMS of the normalized update. */
  readonly clipThreshold: number;
  /** Keras's `relative_step` (no effect on the update, as in Keras 3). */
  readonly relativeStep: boolean;

  constructor(options: AdafactorOptions = {}) {
    super({ ...options, learningRate: options.learningRate ?? 0.001 }, [
      'beta2Decay',
      'epsilon1',
      'epsilon2',
      'clipThreshold',
      'relativeStep',
    ]);
    const beta2Decay = options.beta2Decay ?? -0.8;
    if (typeof beta2Decay !== 'number' || !Number.isFinite(beta2Decay) || !(beta2Decay <= 0)) {
      throw new ValueError(
        `Adafactor: \`beta2Decay\` must be a finite number <= 0 (the decay is 1 - t^beta2Decay), got ${String(beta2Decay)}.`,
      );
    }
    const nonNegative = (key: 'epsilon1' | 'epsilon2', fallback: number) => {
      const value = options[key] ?? fallback;
      if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= 0)) {
        throw new ValueError(`Adafactor: \`${key}\` must be a finite number >= 0, got ${String(value)}.`);
      }
      return value;
    };
    const clipThreshold = options.clipThreshold ?? 1.0;
    if (typeof clipThreshold !== 'number' || !Number.isFinite(clipThreshold) || !(clipThreshold > 0)) {
      throw new ValueError(`Adafactor: \`clipThreshold\` must be a finite number > 0, got ${String(clipThreshold)}.`);
    }
    const relativeStep = options.relativeStep ?? true;
    if (typeof relativeStep !== 'boolean') {
      throw new ValueError(`Adafactor: \`relativeStep\` must be a boolean, got ${String(relativeStep)}.`);
    }
    this.beta2Decay = beta2Decay;
    this.epsilon1 = nonNegative('epsilon1', 1e-30);
    this.epsilon2 = nonNegative('epsilon2', 1e-3);
    this.clipThreshold = clipThreshold;
    this.relativeStep = relativeStep;
  }

  protected override buildSlots(variables: readonly Variable[]): void {
    // Keras's order: per variable, r, c, then velocity.
    for (const v of variables) {
      if (v.rank < 2) {
        // Keras's placeholders: backend.Variable(0), an int32 scalar.
        this.addVariableFromReference(v, 'r', 0, { shape: [], dtype: 'int32' });
        this.addVariableFromReference(v, 'c', 0, { shape: [], dtype: 'int32' });
      } else {
        this.addVariableFromReference(v, 'r', 0, { shape: v.shape.slice(0, -1) });
        this.addVariableFromReference(v, 'c', 0, { shape: [...v.shape.slice(0, -2), v.shape[v.rank - 1]] });
      }
      this.addVariableFromReference(v, 'velocity');
    }
  }

  protected override updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor): void {
    const step = this.iterations + 1;
    // Keras computes these in float32 from the float32 step.
    const beta2t = Math.fround(1 - Math.fround(step ** this.beta2Decay));
    const oneMinusBeta2t = Math.fround(1 - beta2t);
    const rhoT = minimum(learningRate, 1 / Math.sqrt(step));
    const alphaT = mul(maximum(sqrt(mean(square(variable))), this.epsilon2), rhoT);

    const regulatedGradSquare = add(square(gradient), this.epsilon1);
    const v = this.getSlot(variable, 'velocity');
    if (variable.rank >= 2) {
      const r = this.getSlot(variable, 'r');
      const c = this.getSlot(variable, 'c');
      assign(r, add(mul(r, beta2t), mul(mean(regulatedGradSquare, -1), oneMinusBeta2t)));
      assign(c, add(mul(c, beta2t), mul(mean(regulatedGradSquare, -2), oneMinusBeta2t)));
      assign(v, mul(expandDims(div(r, mean(r, -1, true)), -1), expandDims(c, -2)));
    } else {
      assign(v, add(mul(v, beta2t), mul(regulatedGradSquare, oneMinusBeta2t)));
    }

    const u = div(gradient, sqrt(v));
    // alpha_t * u / max(1, rms(u) / d) = u * (alpha_t * d / max(d, rms(u))).
    const d = this.clipThreshold;
    const scale = div(mul(alphaT, d), maximum(sqrt(mean(square(u))), d));
    assignSub(variable, mul(u, scale));
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      beta2Decay: this.beta2Decay,
      epsilon1: this.epsilon1,
      epsilon2: this.epsilon2,
      clipThreshold: this.clipThreshold,
      relativeStep: this.relativeStep,
    };
  }
}

registerSerializable(Adafactor);
