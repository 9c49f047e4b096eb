/**
 * Weight regularizers with Keras 3's formulas and defaults: a penalty tensor
 * (scalar) computed from a weight, added to the training loss.
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

/** The static side of a regularizer class, as `fromConfig` sees it. */
export interface RegularizerClass<R extends Regularizer> {
  new (options?: never): R;
  readonly className: string;
  readonly configKeys: readonly string[];
}

function factor(value: number | undefined, fallback: number, name: string, arg: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`${name}: ${arg} must be a finite number >= 0, got ${v}.`);
  }
  return v;
}

/**
 * Base class of regularizers: `call(x)` returns a scalar penalty.
 *
 * @example
 * ```ts
 * class Orthogonality extends Regularizer {
 *   static override readonly className = 'Orthogonality';
 *   call(w: Tensor) { return sum(square(sub(matMul(transpose(w), w), eye(w.shape[1])))); }
 * }
 * ```
 */
export abstract class Regularizer {
  /** The name configs save it under (Keras's class name). */
  static readonly className: string = 'Regularizer';
  /** The serialization family. */
  static readonly module: string = 'regularizers';
  /** Config keys `fromConfig` accepts. */
  static readonly configKeys: readonly string[] = [];

  /** The penalty for `x` (a scalar tensor). */
  abstract call(x: Tensor): Tensor;

  /** The options that rebuild this regularizer. */
  getConfig(): Config {
    return {};
  }

  /** Rebuilds a regularizer from its config. @example `L2.fromConfig({ l2: 0.1 })` */
  static fromConfig<R extends Regularizer>(this: RegularizerClass<R>, config: Config): R {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass fromConfig was called on
    const cls = this as typeof this;
    return new cls(readConfig(cls.className, config, cls.configKeys) as never);
  }
}

/**
 * `l1 * sum(|x|)` (default l1 0.01).
 *
 * @example
 * ```ts
 * new L1({ l1: 0.1 }).call(tensor([1, -2])); // 0.3
 * ```
 */
export class L1 extends Regularizer {
  static override readonly className: string = 'L1';
  static override readonly configKeys: readonly string[] = ['l1'];
  readonly l1: number;
  constructor(options: { l1?: number } = {}) {
    super();
    this.l1 = factor(options.l1, 0.01, 'L1', 'l1');
  }
  call(x: Tensor): Tensor {
    return T.tidy(() => T.mul(T.sum(T.abs(x)), this.l1));
  }
  override getConfig(): Config {
    return { l1: this.l1 };
  }
}
registerSerializable(L1);

/**
 * `l2 * sum(x²)` (default l2 0.01; no factor 1/2, as Keras).
 *
 * @example
 * ```ts
 * new L2({ l2: 0.1 }).call(tensor([1, -2])); // 0.5
 * ```
 */
export class L2 extends Regularizer {
  static override readonly className: string = 'L2';
  static override readonly configKeys: readonly string[] = ['l2'];
  readonly l2: number;
  constructor(options: { l2?: number } = {}) {
    super();
    this.l2 = factor(options.l2, 0.01, 'L2', 'l2');
  }
  call(x: Tensor): Tensor {
    return T.tidy(() => T.mul(T.sum(T.square(x)), this.l2));
  }
  override getConfig(): Config {
    return { l2: this.l2 };
  }
}
registerSerializable(L2);

/**
 * `l1 * sum(|x|) + l2 * sum(x²)`. Keras 3's `L1L2` class defaults both
 * factors to 0; the identifier `'l1_l2'` (like Keras 2's `l1_l2()`) gives
 * 0.01 and 0.01.
 *
 * @example
 * ```ts
 * new L1L2({ l1: 0.1, l2: 0.1 }).call(tensor([1, -2])); // 0.8
 * ```
 */
export class L1L2 extends Regularizer {
  static override readonly className: string = 'L1L2';
  static override readonly configKeys: readonly string[] = ['l1', 'l2'];
  readonly l1: number;
  readonly l2: number;
  constructor(options: { l1?: number; l2?: number } = {}) {
    super();
    this.l1 = factor(options.l1, 0, 'L1L2', 'l1');
    this.l2 = factor(options.l2, 0, 'L1L2', 'l2');
  }
  call(x: Tensor): Tensor {
    return T.tidy(() => {
      let penalty = T.zeros([]);
      if (this.l1 !== 0) penalty = T.add(penalty, T.mul(T.sum(T.abs(x)), this.l1));
      if (this.l2 !== 0) penalty = T.add(penalty, T.mul(T.sum(T.square(x)), this.l2));
      return penalty;
    });
  }
  override getConfig(): Config {
    return { l1: this.l1, l2: this.l2 };
  }
}
registerSerializable(L1L2);

/**
 * `l1 * sum(|x|)` (default 0.01), as a function.
 *
 * @example
 * ```ts
 * new Dense({ units: 4, kernelRegularizer: l1(0.001) });
 * ```
 */
export function l1(l1 = 0.01): L1 {
  return new L1({ l1 });
}

/**
 * `l2 * sum(x²)` (default 0.01), as a function.
 *
 * @example
 * ```ts
 * new Dense({ units: 4, kernelRegularizer: l2(0.001) });
 * ```
 */
export function l2(l2 = 0.01): L2 {
  return new L2({ l2 });
}

/**
 * `l1 * sum(|x|) + l2 * sum(x²)` (defaults 0.01 and 0.01, as Keras 2's `l1_l2`).
 *
 * @example
 * ```ts
 * new Dense({ units: 4, kernelRegularizer: l1l2(0.001, 0.01) });
 * ```
 */
export function l1l2(l1 = 0.01, l2 = 0.01): L1L2 {
  return new L1L2({ l1, l2 });
}

/** A name, a serialized `{ className, config }`, an instance, or null/undefined (none). */
export type RegularizerIdentifier = string | SerializedObject | Regularizer | null | undefined;

const table = new IdentifierTable<() => Regularizer>('regularizer');
table.register('l1', () => l1());
table.register('l2', () => l2());
table.register('l1_l2', () => l1l2());
table.register('l1l2', () => l1l2());

/**
 * The regularizer for a name (`'l1'`, `'l2'`, `'l1_l2'`, with 0.01
 * factors), a serialized `{ className, config }`, or an instance; null
 * for null/undefined.
 *
 * @example
 * ```ts
 * getRegularizer('l2'); // L2 { l2: 0.01 }
 * getRegularizer({ className: 'L1', config: { l1: 0.1 } });
 * ```
 */
export function getRegularizer(identifier: RegularizerIdentifier): Regularizer | null {
  if (identifier == null) return null;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === 'string') return table.get(identifier)();
  if (typeof identifier === 'object' && typeof identifier.className === 'string') {
    const obj = deserialize({ module: 'regularizers', ...identifier });
    if (!(obj instanceof Regularizer))
      throw new ValueError(`getRegularizer: '${identifier.className}' is not a regularizer.`);
    return obj;
  }
  throw new ValueError(
    `getRegularizer: expected 'l1', 'l2', 'l1_l2', { className, config } or a Regularizer, got ${JSON.stringify(identifier)}.`,
  );
}
