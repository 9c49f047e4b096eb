/**
 * Deterministic test data and error measures for the backends' kernel tests
 * (pure JavaScript; no test framework).
 */

/** A tensor's description, independent of any backend. */
export interface Data {
  shape: number[];
  data: Float32Array | Int32Array;
  dtype: 'float32' | 'int32';
}

/** A deterministic data source (see {@link dataStream}). */
export interface DataStream {
  /** Uniform float32 data in [lo, hi) (default [-1, 1)), the next values of the stream. */
  rand(shape: number[], lo?: number, hi?: number): Data;
  /** int32 data with the given values. */
  ints(shape: number[], values: number[]): Data;
  /** Restarts the stream at seed `s`. */
  reseed(s: number): void;
}

/**
 * A linear-congruential stream of test data starting at `seed`: the same
 * seed gives the same data on every run and every backend.
 *
 * @example
 * ```ts
 * const { rand } = dataStream(12345);
 * rand([2, 3]).data; // six floats in [-1, 1), the same on every run
 * ```
 */
export function dataStream(seed: number): DataStream {
  let state = seed;
  return {
    rand(shape, lo = -1, hi = 1) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
        data[i] = lo + ((hi - lo) * state) / 0x7fffffff;
      }
      return { shape, data, dtype: 'float32' };
    },
    ints(shape, values) {
      return { shape, data: Int32Array.from(values), dtype: 'int32' };
    },
    reseed(s) {
      state = s;
    },
  };
}

/**
 * The worst error `|actual - expected| / max(1, |expected|)` over the
 * elements, and its index (-1 when there are none). A NaN error is the worst
 * there is, unless `nanEqual` and both values are NaN (then it is 0).
 *
 * @example
 * ```ts
 * worstError([1, 2.5, 100], [1, 2, 101]); // { worst: 0.25, at: 1 }
 * ```
 */
export function worstError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  nanEqual = false,
): { worst: number; at: number } {
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const err = nanEqual && Number.isNaN(e) && Number.isNaN(a) ? 0 : Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  return { worst, at };
}
