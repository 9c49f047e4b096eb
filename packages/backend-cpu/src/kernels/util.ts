import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  type backend_util,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** The cpu backend as the kernels here see it. */
export type CpuBackend = MathBackendCPU;

/** Narrows the backend a kernel receives to the cpu backend. */
export function asCpu(backend: unknown): CpuBackend {
  return backend as CpuBackend;
}

/** The values array the cpu backend holds for a (non-complex) tensor; not a copy. */
export function values(backend: CpuBackend, info: TensorInfo): backend_util.BackendValues {
  const data = backend.data.get(info.dataId);
  if (data?.values === undefined) throw new Error('@layerwise/backend-cpu: tensor has no values on the cpu backend');
  return data.values;
}

// tfjs-backend-cpu's kernels that this package replaced, so that a
// replacement can still run the original where it is right.
const originals = new Map<string, KernelConfig>();

/** Remembers tfjs-backend-cpu's kernel before a replacement is registered. */
export function saveOriginal(config: KernelConfig): void {
  originals.set(config.kernelName, config);
}

/** Runs tfjs-backend-cpu's own kernel `name` (the original one if this package replaced it). */
export function runCpu(
  name: string,
  backend: CpuBackend,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = originals.get(name) ?? getKernel(name, 'cpu');
  if (config === undefined) throw new Error(`@layerwise/backend-cpu: no cpu kernel '${name}'`);
  const out = config.kernelFunc({ inputs, attrs, backend: backend as unknown as KernelBackend });
  return Array.isArray(out) ? out[0] : out;
}

/**
 * Throws unless every index tuple (the rows of `indices`, `k` entries each)
 * lies inside the first `k` dimensions of `shape`, entry by entry as
 * TensorFlow checks. tfjs's kernels check only the flattened offset, so
 * `[0, 5]` into a `[3, 3]` tensor silently read element `[1, 2]`.
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
