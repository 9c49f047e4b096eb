/**
 * `PReLU`: leaky ReLU with a learned slope per input entry (or shared along axes).
 */
import { type CallOptions, type Config, registerSerializable, serialize, ValueError } from '@layerwise/core';
import type { Tensor, Variable } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { type Constraint, type ConstraintIdentifier, getConstraint } from '../constraints/index.js';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '../initializers/index.js';
import { InputSpec, Layer, type LayerOptions, type Shape } from '../layer.js';
import { shapeText } from '../layer-utils.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/index.js';

/** Options of {@link PReLU}. */
export interface PReLUOptions extends LayerOptions {
  /** Initial slopes (default 'zeros', as Keras: the layer starts as a plain ReLU). */
  alphaInitializer?: InitializerIdentifier;
  /** Penalty on the slopes. */
  alphaRegularizer?: RegularizerIdentifier;
  /** Constraint on the slopes. */
  alphaConstraint?: ConstraintIdentifier;
  /**
   * Axes (1-based: axis 1 is the first after the batch, as Keras) along which
   * one slope is shared; `[1, 2]` on images `[batch, h, w, c]` gives one slope per channel.
   */
  sharedAxes?: number | number[] | null;
}

/**
 * Parametric ReLU, as `keras.layers.PReLU`: `x` for `x >= 0`, `alpha * x`
 * below, with `alpha` a trainable weight of the input's shape without the
 * batch axis (size 1 along `sharedAxes`).
 *
 * @example
 * ```ts
 * const prelu = new PReLU({ sharedAxes: [1, 2] });
 * prelu.apply(randomNormal([8, 28, 28, 3])); // alpha has shape [1, 1, 3]
 * ```
 */
export class PReLU extends Layer {
  static override readonly className: string = 'PReLU';
  static override readonly configKeys: readonly string[] = [
    ...Layer.configKeys,
    'alphaInitializer',
    'alphaRegularizer',
    'alphaConstraint',
    'sharedAxes',
  ];

  readonly alphaInitializer: Initializer;
  readonly alphaRegularizer: Regularizer | null;
  readonly alphaConstraint: Constraint | null;
  readonly sharedAxes: number[] | null;
  /** The slopes, created by `build`. */
  alpha: Variable | null = null;

  constructor(options: PReLUOptions = {}) {
    super(options);
    this.supportsMasking = true;
    this.alphaInitializer = getInitializer(options.alphaInitializer, getInitializer('zeros'));
    this.alphaRegularizer = getRegularizer(options.alphaRegularizer);
    this.alphaConstraint = getConstraint(options.alphaConstraint);
    const shared = options.sharedAxes;
    if (shared === undefined || shared === null) {
      this.sharedAxes = null;
    } else {
      const axes = Array.isArray(shared) ? [...shared] : [shared];
      for (const a of axes) {
        if (!Number.isInteger(a) || a < 1) {
          throw new ValueError(
            `PReLU '${this.name}': sharedAxes must hold integers >= 1 (axis 1 is the first after the batch), got ${JSON.stringify(shared)}.`,
          );
        }
      }
      this.sharedAxes = axes;
    }
    this.inputSpec = new InputSpec({ minNdim: 2 });
  }

  override build(inputShape: Shape): void {
    const rank = inputShape.length;
    const shared = this.sharedAxes ?? [];
    const bad = shared.find((a) => a >= rank);
    if (bad !== undefined) {
      throw new ValueError(
        `PReLU '${this.name}': sharedAxes ${JSON.stringify(shared)} names axis ${bad}, but the input ${shapeText(inputShape)} has axes 1..${rank - 1} after the batch.`,
      );
    }
    const paramShape: number[] = [];
    const axes: Record<number, number> = {};
    for (let i = 1; i < rank; i++) {
      if (shared.includes(i)) {
        paramShape.push(1);
        continue;
      }
      const d = inputShape[i];
      if (typeof d !== 'number' || d <= 0) {
        throw new ValueError(
          `PReLU '${this.name}': axis ${i} of the input ${shapeText(inputShape)} must have a known size, or be listed in sharedAxes.`,
        );
      }
      paramShape.push(d);
      axes[i] = d;
    }
    this.alpha = this.addWeight('alpha', paramShape, {
      initializer: this.alphaInitializer,
      regularizer: this.alphaRegularizer,
      constraint: this.alphaConstraint,
    });
    this.inputSpec = new InputSpec({ ndim: rank, axes });
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return T.prelu(inputs, this.alpha as Variable);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    const opt = (x: Regularizer | Constraint | null) => (x === null ? null : { ...serialize(x) });
    return {
      ...super.getConfig(),
      alphaInitializer: { ...serializeInitializer(this.alphaInitializer) },
      alphaRegularizer: opt(this.alphaRegularizer),
      alphaConstraint: opt(this.alphaConstraint),
      sharedAxes: this.sharedAxes === null ? null : [...this.sharedAxes],
    };
  }
}
registerSerializable(PReLU);
