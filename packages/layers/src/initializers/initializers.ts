/**
 * Weight initializers with Keras 3's formulas, defaults and config names.
 * Seeded initializers return the same values on every call and every
 * backend; without a seed each call draws fresh values from the global
 * generator (`setSeed`).
 */
import { type Config, readConfig, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import type { DType, Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';

/** The static side of an initializer class, as `fromConfig` sees it. */
export interface InitializerClass<I extends Initializer> {
  new (options?: never): I;
  readonly className: string;
  readonly configKeys: readonly string[];
}

/**
 * Base class of initializers: `call(shape, dtype)` returns a new tensor.
 *
 * @example
 * ```ts
 * class Halves extends Initializer {
 *   static override readonly className = 'Halves';
 *   call(shape: number[]) { return fill(shape, 0.5); }
 * }
 * ```
 */
export abstract class Initializer {
  /** The name configs save it under (Keras's class name). */
  static readonly className: string = 'Initializer';
  /** The serialization family. */
  static readonly module: string = 'initializers';
  /** Config keys `fromConfig` accepts (camelCase; snake_case is converted). */
  static readonly configKeys: readonly string[] = [];

  /** A new tensor of `shape` and `dtype` (default float32). */
  abstract call(shape: readonly number[], dtype?: DType): Tensor;

  /** The options that rebuild this initializer. */
  getConfig(): Config {
    return {};
  }

  /**
   * Rebuilds an initializer from `getConfig()`'s output (or Keras's snake_case config).
   *
   * @example
   * ```ts
   * GlorotUniform.fromConfig({ seed: 3 });
   * ```
   */
  static fromConfig<I extends Initializer>(this: InitializerClass<I>, config: Config): I {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass fromConfig was called on
    const cls = this as typeof this;
    return new cls(readConfig(cls.className, config, cls.configKeys) as never);
  }
}

function checkShape(shape: readonly number[], name: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${name}: expected a shape of non-negative integers, got ${JSON.stringify(shape)}.`);
  }
  return [...shape];
}

function seedOrNull(seed: number | null | undefined, name: string): number | null {
  if (seed == null) return null;
  if (!Number.isInteger(seed)) throw new ValueError(`${name}: seed must be an integer or null, got ${seed}.`);
  return seed;
}

/**
 * All zeros.
 *
 * @example
 * ```ts
 * new Zeros().call([2, 2]); // [[0, 0], [0, 0]]
 * ```
 */
export class Zeros extends Initializer {
  static override readonly className: string = 'Zeros';
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return T.zeros(checkShape(shape, 'Zeros'), dtype);
  }
}
registerSerializable(Zeros);

/**
 * All ones.
 *
 * @example
 * ```ts
 * new Ones().call([2]); // [1, 1]
 * ```
 */
export class Ones extends Initializer {
  static override readonly className: string = 'Ones';
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return T.ones(checkShape(shape, 'Ones'), dtype);
  }
}
registerSerializable(Ones);

/**
 * Every element equal to `value` (default 0, as Keras).
 *
 * @example
 * ```ts
 * new Constant({ value: 3 }).call([2]); // [3, 3]
 * ```
 */
export class Constant extends Initializer {
  static override readonly className: string = 'Constant';
  static override readonly configKeys: readonly string[] = ['value'];
  readonly value: number;
  constructor(options: { value?: number } = {}) {
    super();
    this.value = options.value ?? 0;
    if (typeof this.value !== 'number') throw new ValueError(`Constant: value must be a number, got ${this.value}.`);
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return T.fill(checkShape(shape, 'Constant'), this.value, dtype);
  }
  override getConfig(): Config {
    return { value: this.value };
  }
}
registerSerializable(Constant);

/** Options of {@link RandomNormal} and {@link TruncatedNormal}. */
export interface NormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 0.05, Keras's). */
  stddev?: number;
  /** Seed: the same values on every call; null draws fresh ones. */
  seed?: number | null;
}

/**
 * Normal samples (default mean 0, stddev 0.05).
 *
 * @example
 * ```ts
 * new RandomNormal({ stddev: 0.1, seed: 1 }).call([3, 3]);
 * ```
 */
export class RandomNormal extends Initializer {
  static override readonly className: string = 'RandomNormal';
  static override readonly configKeys: readonly string[] = ['mean', 'stddev', 'seed'];
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(options: NormalOptions = {}) {
    super();
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
    this.seed = seedOrNull(options.seed, new.target.className);
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return T.randomNormal(checkShape(shape, 'RandomNormal'), this.mean, this.stddev, dtype, this.seed ?? undefined);
  }
  override getConfig(): Config {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}
registerSerializable(RandomNormal);

/**
 * Normal samples redrawn when more than two standard deviations from the mean
 * (default mean 0, stddev 0.05).
 *
 * @example
 * ```ts
 * new TruncatedNormal({ seed: 1 }).call([3, 3]);
 * ```
 */
export class TruncatedNormal extends RandomNormal {
  static override readonly className: string = 'TruncatedNormal';
  override call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return T.truncatedNormal(
      checkShape(shape, 'TruncatedNormal'),
      this.mean,
      this.stddev,
      dtype,
      this.seed ?? undefined,
    );
  }
}
registerSerializable(TruncatedNormal);

/**
 * Uniform samples in `[minval, maxval)` (default -0.05 to 0.05).
 *
 * @example
 * ```ts
 * new RandomUniform({ minval: -1, maxval: 1, seed: 2 }).call([4]);
 * ```
 */
export class RandomUniform extends Initializer {
  static override readonly className: string = 'RandomUniform';
  static override readonly configKeys: readonly string[] = ['minval', 'maxval', 'seed'];
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;
  constructor(options: { minval?: number; maxval?: number; seed?: number | null } = {}) {
    super();
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
    if (!(this.minval <= this.maxval)) {
      throw new ValueError(`RandomUniform: minval (${this.minval}) must be <= maxval (${this.maxval}).`);
    }
    this.seed = seedOrNull(options.seed, 'RandomUniform');
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return T.randomUniform(checkShape(shape, 'RandomUniform'), this.minval, this.maxval, dtype, this.seed ?? undefined);
  }
  override getConfig(): Config {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}
registerSerializable(RandomUniform);

/**
 * `[fanIn, fanOut]` as Keras computes them: a vector has fan `n` both ways,
 * a matrix `[in, out]`, and a convolution kernel `[...spatial, in, out]`
 * multiplies both by the receptive-field size (the product of the spatial
 * dimensions).
 *
 * @example
 * ```ts
 * computeFans([3, 3, 16, 32]); // [144, 288]
 * ```
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** How {@link VarianceScaling} divides its scale. */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fanIn' | 'fanOut' | 'fanAvg';
/** The distribution {@link VarianceScaling} samples. */
export type VarianceDistribution =
  | 'truncated_normal'
  | 'untruncated_normal'
  | 'uniform'
  | 'truncatedNormal'
  | 'untruncatedNormal';

/** Options of {@link VarianceScaling}. */
export interface VarianceScalingOptions {
  /** Scale of the variance (default 1). */
  scale?: number;
  /** Which fan divides the scale (default 'fan_in'). */
  mode?: FanMode;
  /** The distribution (default 'truncated_normal'). */
  distribution?: VarianceDistribution;
  /** Seed: the same values on every call; null draws fresh ones. */
  seed?: number | null;
}

const MODES: Record<string, 'fan_in' | 'fan_out' | 'fan_avg'> = {
  fanin: 'fan_in',
  fanout: 'fan_out',
  fanavg: 'fan_avg',
};
const DISTRIBUTIONS: Record<string, 'truncated_normal' | 'untruncated_normal' | 'uniform'> = {
  truncatednormal: 'truncated_normal',
  untruncatednormal: 'untruncated_normal',
  uniform: 'uniform',
};
const key = (s: string) => s.replace(/_/g, '').toLowerCase();

/**
 * Samples with variance `scale / n`, n the fan chosen by `mode` (at least 1):
 * truncated normal with stddev `sqrt(scale / n) / 0.8796` (Keras's
 * correction for the truncation at two standard deviations), untruncated
 * normal with stddev `sqrt(scale / n)`, or uniform in `±sqrt(3 scale / n)`.
 *
 * @example
 * ```ts
 * new VarianceScaling({ scale: 2, mode: 'fan_in', distribution: 'uniform', seed: 0 }).call([64, 32]);
 * ```
 */
export class VarianceScaling extends Initializer {
  static override readonly className: string = 'VarianceScaling';
  static override readonly configKeys: readonly string[] = ['scale', 'mode', 'distribution', 'seed'];
  readonly scale: number;
  readonly mode: 'fan_in' | 'fan_out' | 'fan_avg';
  readonly distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform';
  readonly seed: number | null;
  constructor(options: VarianceScalingOptions = {}) {
    super();
    const name = new.target.className;
    this.scale = options.scale ?? 1;
    if (!(this.scale > 0)) throw new ValueError(`${name}: scale must be > 0, got ${this.scale}.`);
    const mode = MODES[key(options.mode ?? 'fan_in')];
    if (mode === undefined) {
      throw new ValueError(`${name}: mode must be 'fan_in', 'fan_out' or 'fan_avg', got '${options.mode}'.`);
    }
    const distribution = DISTRIBUTIONS[key(options.distribution ?? 'truncated_normal')];
    if (distribution === undefined) {
      throw new ValueError(
        `${name}: distribution must be 'truncated_normal', 'untruncated_normal' or 'uniform', got '${options.distribution}'.`,
      );
    }
    this.mode = mode;
    this.distribution = distribution;
    this.seed = seedOrNull(options.seed, name);
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const s = checkShape(shape, (this.constructor as typeof Initializer).className);
    const [fanIn, fanOut] = computeFans(s);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const seed = this.seed ?? undefined;
    if (this.distribution === 'truncated_normal') {
      return T.truncatedNormal(s, 0, Math.sqrt(scale) / 0.87962566103423978, dtype, seed);
    }
    if (this.distribution === 'untruncated_normal') return T.randomNormal(s, 0, Math.sqrt(scale), dtype, seed);
    const limit = Math.sqrt(3 * scale);
    return T.randomUniform(s, -limit, limit, dtype, seed);
  }
  override getConfig(): Config {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}
registerSerializable(VarianceScaling);

/** Options of the fixed variance-scaling initializers. */
export interface SeedOptions {
  /** Seed: the same values on every call; null draws fresh ones. */
  seed?: number | null;
}

/**
 * Glorot (Xavier) uniform: uniform in `±sqrt(6 / (fanIn + fanOut))`. Dense's default kernel initializer.
 *
 * @example
 * ```ts
 * new GlorotUniform({ seed: 1 }).call([4, 3]);
 * ```
 */
export class GlorotUniform extends VarianceScaling {
  static override readonly className: string = 'GlorotUniform';
  static override readonly configKeys: readonly string[] = ['seed'];
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: options.seed });
  }
  override getConfig(): Config {
    return { seed: this.seed };
  }
}
registerSerializable(GlorotUniform);

/**
 * Glorot (Xavier) normal: truncated normal, stddev `sqrt(2 / (fanIn + fanOut))`.
 *
 * @example
 * ```ts
 * new GlorotNormal({ seed: 1 }).call([4, 3]);
 * ```
 */
export class GlorotNormal extends VarianceScaling {
  static override readonly className: string = 'GlorotNormal';
  static override readonly configKeys: readonly string[] = ['seed'];
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', seed: options.seed });
  }
  override getConfig(): Config {
    return { seed: this.seed };
  }
}
registerSerializable(GlorotNormal);

/**
 * He uniform: uniform in `±sqrt(6 / fanIn)`.
 *
 * @example
 * ```ts
 * new HeUniform({ seed: 1 }).call([4, 3]);
 * ```
 */
export class HeUniform extends VarianceScaling {
  static override readonly className: string = 'HeUniform';
  static override readonly configKeys: readonly string[] = ['seed'];
  constructor(options: SeedOptions = {}) {
    super({ scale: 2, mode: 'fan_in', distribution: 'uniform', seed: options.seed });
  }
  override getConfig(): Config {
    return { seed: this.seed };
  }
}
registerSerializable(HeUniform);

/**
 * He normal: truncated normal, stddev `sqrt(2 / fanIn)`.
 *
 * @example
 * ```ts
 * new HeNormal({ seed: 1 }).call([4, 3]);
 * ```
 */
export class HeNormal extends VarianceScaling {
  static override readonly className: string = 'HeNormal';
  static override readonly configKeys: readonly string[] = ['seed'];
  constructor(options: SeedOptions = {}) {
    super({ scale: 2, mode: 'fan_in', distribution: 'truncated_normal', seed: options.seed });
  }
  override getConfig(): Config {
    return { seed: this.seed };
  }
}
registerSerializable(HeNormal);

/**
 * LeCun uniform: uniform in `±sqrt(3 / fanIn)`.
 *
 * @example
 * ```ts
 * new LecunUniform({ seed: 1 }).call([4, 3]);
 * ```
 */
export class LecunUniform extends VarianceScaling {
  static override readonly className: string = 'LecunUniform';
  static override readonly configKeys: readonly string[] = ['seed'];
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_in', distribution: 'uniform', seed: options.seed });
  }
  override getConfig(): Config {
    return { seed: this.seed };
  }
}
registerSerializable(LecunUniform);

/**
 * LeCun normal: truncated normal, stddev `sqrt(1 / fanIn)`.
 *
 * @example
 * ```ts
 * new LecunNormal({ seed: 1 }).call([4, 3]);
 * ```
 */
export class LecunNormal extends VarianceScaling {
  static override readonly className: string = 'LecunNormal';
  static override readonly configKeys: readonly string[] = ['seed'];
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: options.seed });
  }
  override getConfig(): Config {
    return { seed: this.seed };
  }
}
registerSerializable(LecunNormal);

/**
 * A random orthogonal matrix (times `gain`, default 1): the Q of the QR of a
 * normal matrix. A shape of rank > 2 is flattened to
 * `[prod(shape[:-1]), shape[-1]]`; with fewer rows than columns the rows are
 * orthonormal, otherwise the columns.
 *
 * @example
 * ```ts
 * new Orthogonal({ seed: 1 }).call([4, 4]); // q with qᵀq = I
 * ```
 */
export class Orthogonal extends Initializer {
  static override readonly className: string = 'Orthogonal';
  static override readonly configKeys: readonly string[] = ['gain', 'seed'];
  readonly gain: number;
  readonly seed: number | null;
  constructor(options: { gain?: number; seed?: number | null } = {}) {
    super();
    this.gain = options.gain ?? 1;
    this.seed = seedOrNull(options.seed, 'Orthogonal');
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const s = checkShape(shape, 'Orthogonal');
    if (s.length < 2) {
      throw new ShapeError(
        `Orthogonal: needs a shape of rank >= 2, got ${JSON.stringify(s)}. Use another initializer for vectors.`,
      );
    }
    const cols = s[s.length - 1];
    const rows = s.slice(0, -1).reduce((a, b) => a * b, 1);
    return T.tidy(() => {
      const a = T.randomNormal([Math.max(rows, cols), Math.min(rows, cols)], 0, 1, 'float32', this.seed ?? undefined);
      // linalg.qr returns R with a non-negative diagonal, as Keras's sign correction makes it.
      let q = T.linalg.qr(a)[0];
      if (rows < cols) q = T.transpose(q);
      return T.cast(T.mul(T.reshape(q, s), this.gain), dtype);
    });
  }
  override getConfig(): Config {
    return { gain: this.gain, seed: this.seed };
  }
}
registerSerializable(Orthogonal);

/**
 * `gain` times the identity matrix (2-D shapes only; a non-square shape
 * gets ones on the main diagonal).
 *
 * @example
 * ```ts
 * new Identity({ gain: 2 }).call([2, 2]); // [[2, 0], [0, 2]]
 * ```
 */
export class Identity extends Initializer {
  static override readonly className: string = 'Identity';
  static override readonly configKeys: readonly string[] = ['gain'];
  readonly gain: number;
  constructor(options: { gain?: number } = {}) {
    super();
    this.gain = options.gain ?? 1;
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const s = checkShape(shape, 'Identity');
    if (s.length !== 2) {
      throw new ShapeError(`Identity: needs a 2-D shape [rows, cols], got ${JSON.stringify(s)}.`);
    }
    return T.tidy(() => T.cast(T.mul(T.eye(s[0], s[1]), this.gain), dtype));
  }
  override getConfig(): Config {
    return { gain: this.gain };
  }
}
registerSerializable(Identity);
