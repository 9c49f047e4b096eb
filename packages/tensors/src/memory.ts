/**
 * Memory scopes. Tensors hold device memory that JavaScript's garbage
 * collector cannot see: free them with `dispose`, or create them inside `tidy`.
 */
import { type Tensor, tfc } from './tfjs.js';

/** Counts of live tensors and bytes, from the engine. */
export interface MemoryInfo {
  /** Live tensors (including variables). */
  numTensors: number;
  /** Distinct data buffers (views share one). */
  numDataBuffers: number;
  /** Bytes held by live tensors. */
  numBytes: number;
  /** True when the backend cannot account for all its memory. */
  unreliable: boolean;
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns
 * (and those passed to `keep`).
 *
 * @example
 * ```ts
 * const y = tidy(() => add(mul(x, 2), 1)); // the product is freed, y survives
 * ```
 */
export function tidy<T extends Tensor | Tensor[] | Record<string, Tensor> | number | string | boolean | undefined>(
  fn: () => T,
): T;
export function tidy(fn: () => void): void;
export function tidy(fn: () => unknown): unknown {
  return tfc.tidy(fn as () => never);
}

/** Keeps `t` alive past the enclosing `tidy`. Returns `t`. */
export function keep<T extends Tensor>(t: T): T {
  return tfc.keep(t);
}

/** Disposes a tensor, or every tensor in an array or object. Disposing twice is harmless. */
export function dispose(x: Tensor | Tensor[] | Record<string, Tensor> | null | undefined): void {
  if (x == null) return;
  tfc.dispose(x as Tensor | Tensor[]);
}

/** Live tensor and byte counts. */
export function memory(): MemoryInfo {
  const m = tfc.memory();
  return {
    numTensors: m.numTensors,
    numDataBuffers: m.numDataBuffers,
    numBytes: m.numBytes,
    unreliable: m.unreliable ?? false,
  };
}
