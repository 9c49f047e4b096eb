/**
 * Throws unless every index tuple (the rows of `indices`, `k` entries each)
 * lies inside the first `k` dimensions of `shape`, entry by entry as
 * TensorFlow checks. tfjs's gather/scatter kernels check only the flattened
 * offset (cpu) or nothing (wasm), so `[0, 5]` into a `[3, 3]` tensor silently
 * reads element `[1, 2]` or past the tensor. The message is the one
 * tfjs-backend-cpu raises.
 *
 * @example
 * ```ts
 * checkIndexTuples([0, 2, 1, 0], 2, [3, 3]); // fine
 * checkIndexTuples([0, 5], 2, [3, 3]); // throws 'Invalid indices: 0,5 does not index into 3,3'
 * ```
 */
export function checkIndexTuples(indices: ArrayLike<number>, k: number, shape: readonly number[]): void {
  for (let i = 0; i < indices.length; i++) {
    const dim = i % k;
    const v = indices[i];
    if (!(v >= 0 && v < shape[dim])) {
      const start = i - dim;
      const tuple = Array.from({ length: k }, (_, j) => indices[start + j]);
      throw new Error(`Invalid indices: ${tuple} does not index into ${shape}`);
    }
  }
}
