/**
 * Weight constraints with Keras 3's formulas: a projection applied to a
 * weight after each optimizer update (`Layer.applyConstraints()`).
 * Norms are taken along `axis` (default 0: for a Dense kernel `[in, out]`,
 * each unit's incoming weight vector); `epsilon` is Keras's 1e-7.
 */
import {
  type Config,
  deserialize,
  IdentifierTable,
  readConfig,
  registerSerializable,
  type SerializedObject,
  ValueError,
} from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';

const EPSILON = 1e-7;

/** The static side of a constraint class, as `fromConfig` sees it. */
export interface ConstraintClass<C extends Constraint> {
  new (options?: never): C;
  readonly className: string;
  readonly configKeys: readonly string[];
}

/**
 * Base class of constraints: `call(w)` returns the projected weight.
 *
 * @example
 * ```ts
 * class Clip extends Constraint {
 *   static override readonly className = 'Clip';
 *   call(w: Tensor) { return clipByValue(w, -1, 1); }
 * }
 * ```
 */
export abstract class Constraint {
  /** The name configs save it under (Keras's class name). */
  static readonly className: string = 'Constraint';
  /** The serialization family. */
  static readonly module: string = 'constraints';
  /** Config keys `fromConfig` accepts. */
  static readonly configKeys: readonly string[] = [];

  /** The constrained value of `w` (a new tensor of the same shape). */
  abstract call(w: Tensor): Tensor;

  /** The options that rebuild this constraint. */
  getConfig(): Config {
    return {};
  }

  /** Rebuilds a constraint from its config. @example `MaxNorm.fromConfig({ max_value: 3, axis: 0 })` */
  static fromConfig<C extends Constraint>(this: ConstraintClass<C>, config: Config): C {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass fromConfig was called on
    const cls = this as typeof this;
    return new cls(readConfig(cls.className, config, cls.configKeys) as never);
  }
}

/** The axis or axes a norm constraint reduces over. */
export type Axis = number | number[];

function norms(w: Tensor, axis: Axis): Tensor {
  return T.sqrt(T.sum(T.square(w), axis, true));
}

/**
 * Rescales each slice along `axis` whose L2 norm exceeds `maxValue`
 * (default 2) down to it: `w * clip(n, 0, maxValue) / (eps + n)`.
 *
 * @example
 * ```ts
 * new MaxNorm({ maxValue: 1 }).call(tensor([[3], [4]])); // [[0.6], [0.8]]
 * ```
 */
export class MaxNorm extends Constraint {
  static override readonly className: string = 'MaxNorm';
  static override readonly configKeys: readonly string[] = ['maxValue', 'axis'];
  readonly maxValue: number;
  readonly axis: Axis;
  constructor(options: { maxValue?: number; axis?: Axis } = {}) {
    super();
    this.maxValue = options.maxValue ?? 2;
    this.axis = options.axis ?? 0;
    if (!(this.maxValue >= 0)) throw new ValueError(`MaxNorm: maxValue must be >= 0, got ${this.maxValue}.`);
  }
  call(w: Tensor): Tensor {
    return T.tidy(() => {
      const n = norms(w, this.axis);
      const desired = T.clipByValue(n, 0, this.maxValue);
      return T.mul(w, T.div(desired, T.add(n, EPSILON)));
    });
  }
  override getConfig(): Config {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}
registerSerializable(MaxNorm);

/**
 * Sets negative weights to zero.
 *
 * @example
 * ```ts
 * new NonNeg().call(tensor([-1, 2])); // [0, 2]
 * ```
 */
export class NonNeg extends Constraint {
  static override readonly className: string = 'NonNeg';
  call(w: Tensor): Tensor {
    return T.tidy(() => T.mul(w, T.cast(T.greaterEqual(w, 0), w.dtype)));
  }
}
registerSerializable(NonNeg);

/**
 * Scales each slice along `axis` to unit L2 norm: `w / (eps + n)`.
 *
 * @example
 * ```ts
 * new UnitNorm().call(tensor([[3], [4]])); // [[0.6], [0.8]]
 * ```
 */
export class UnitNorm extends Constraint {
  static override readonly className: string = 'UnitNorm';
  static override readonly configKeys: readonly string[] = ['axis'];
  readonly axis: Axis;
  constructor(options: { axis?: Axis } = {}) {
    super();
    this.axis = options.axis ?? 0;
  }
  call(w: Tensor): Tensor {
    return T.tidy(() => T.div(w, T.add(norms(w, this.axis), EPSILON)));
  }
  override getConfig(): Config {
    return { axis: this.axis };
  }
}
registerSerializable(UnitNorm);

/**
 * Moves each slice's norm `n` toward `[minValue, maxValue]` (defaults 0 and
 * 1): `w * (rate * clip(n, min, max) + (1 - rate) * n) / (eps + n)`.
 *
 * @example
 * ```ts
 * new MinMaxNorm({ minValue: 1, maxValue: 2 }).call(tensor([[0.3], [0.4]])); // [[0.6], [0.8]]
 * ```
 */
export class MinMaxNorm extends Constraint {
  static override readonly className: string = 'MinMaxNorm';
  static override readonly configKeys: readonly string[] = ['minValue', 'maxValue', 'rate', 'axis'];
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: Axis;
  constructor(options: { minValue?: number; maxValue?: number; rate?: number; axis?: Axis } = {}) {
    super();
    this.minValue = options.minValue ?? 0;
    this.maxValue = options.maxValue ?? 1;
    this.rate = options.rate ?? 1;
    this.axis = options.axis ?? 0;
    if (!(this.minValue <= this.maxValue)) {
      throw new ValueError(`MinMaxNorm: minValue (${this.minValue}) must be <= maxValue (${this.maxValue}).`);
    }
  }
  call(w: Tensor): Tensor {
    return T.tidy(() => {
      const n = norms(w, this.axis);
      const desired = T.add(T.mul(T.clipByValue(n, this.minValue, this.maxValue), this.rate), T.mul(n, 1 - this.rate));
      return T.mul(w, T.div(desired, T.add(n, EPSILON)));
    });
  }
  override getConfig(): Config {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}
registerSerializable(MinMaxNorm);

/** A name, a serialized `{ className, config }`, an instance, or null/undefined (none). */
export type ConstraintIdentifier = string | SerializedObject | Constraint | null | undefined;

const table = new IdentifierTable<() => Constraint>('constraint');
table.register('max_norm', () => new MaxNorm());
table.register('non_neg', () => new NonNeg());
table.register('unit_norm', () => new UnitNorm());
table.register('min_max_norm', () => new MinMaxNorm());

/**
 * The constraint for a name (`'max_norm'`, `'non_neg'`, `'unit_norm'`,
 * `'min_max_norm'`, or camelCase), a serialized `{ className, config }`, or
 * an instance; null for null/undefined.
 *
 * @example
 * ```ts
 * getConstraint('nonNeg');
 * getConstraint({ className: 'MaxNorm', config: { maxValue: 3 } });
 * ```
 */
export function getConstraint(identifier: ConstraintIdentifier): Constraint | null {
  if (identifier == null) return null;
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === 'string') return table.get(identifier)();
  if (typeof identifier === 'object' && typeof identifier.className === 'string') {
    const obj = deserialize({ module: 'constraints', ...identifier });
    if (!(obj instanceof Constraint))
      throw new ValueError(`getConstraint: '${identifier.className}' is not a constraint.`);
    return obj;
  }
  throw new ValueError(
    `getConstraint: expected 'max_norm', 'non_neg', 'unit_norm', 'min_max_norm', { className, config } or a Constraint, got ${JSON.stringify(identifier)}.`,
  );
}
