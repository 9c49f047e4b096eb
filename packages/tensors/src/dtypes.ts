/**
 * Dtypes. The backends compute natively in `float32`, `int32`, `bool`,
 * `string` and `complex64`. Other NumPy dtypes are accepted at creation and in
 * `cast`, and stored in the nearest native dtype:
 *
 * | requested | stored as | note |
 * | --- | --- | --- |
 * | `float16`, `float64` | `float32` | computed in float32 (float64 data loses precision beyond ~7 digits) |
 * | `int8`, `uint8`, `int16`, `uint16` | `int32` | values must fit the requested range (e.g. uint8 image bytes 0..255) |
 * | `int64` | `int32` | values must fit in int32; larger ones raise a {@link DTypeError} |
 */
import { DTypeError } from './errors.js';
import type { DataType } from './tfjs.js';

/** The dtypes that backends compute in. */
export type NativeDType = DataType;

/** Every dtype name Layerwise accepts. */
export type DType = NativeDType | 'float16' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int64';

const nativeOf: Record<DType, NativeDType> = {
  float32: 'float32',
  int32: 'int32',
  bool: 'bool',
  string: 'string',
  complex64: 'complex64',
  float16: 'float32',
  float64: 'float32',
  int8: 'int32',
  uint8: 'int32',
  int16: 'int32',
  uint16: 'int32',
  int64: 'int32',
};

/** Inclusive integer ranges of the integer dtypes. */
export const integerRanges: Partial<Record<DType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  int64: [-2147483648, 2147483647],
};

/** Every accepted dtype name. */
export const dtypeNames: readonly DType[] = Object.keys(nativeOf) as DType[];

/** The native dtype a requested dtype is stored as, or a {@link DTypeError}. */
export function nativeDType(dtype: string, op = 'dtype'): NativeDType {
  const native = nativeOf[dtype as DType];
  if (native === undefined) {
    throw new DTypeError(`${op}: unknown dtype '${dtype}'. Expected one of: ${dtypeNames.join(', ')}.`);
  }
  return native;
}

/**
 * Checks that every value fits an integer dtype's range (and is an integer
 * where the dtype requires one). Throws a {@link DTypeError} naming the first
 * offending value.
 */
export function checkValuesFit(values: ArrayLike<number | bigint>, dtype: DType, op: string): void {
  const range = integerRanges[dtype];
  if (range === undefined) return;
  const [lo, hi] = range;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!(v >= lo && v <= hi)) {
      throw new DTypeError(
        `${op}: value ${String(values[i])} at flat index ${i} cannot be represented as ${dtype} ` +
          `(range ${lo}..${hi}; ${dtype} is stored as int32). Use a wider dtype such as float32, or clip the data first.`,
      );
    }
  }
}
