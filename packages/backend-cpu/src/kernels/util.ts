import { type OriginalKernels, originalKernels } from '@layerwise/backend-shared';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { backend_util, KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

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

const originals = originalKernels<CpuBackend>('cpu');

/** Remembers tfjs-backend-cpu's kernel before a replacement is registered. */
export const saveOriginal: (config: KernelConfig) => void = originals.saveOriginal;

/** Runs tfjs-backend-cpu's own kernel `name` (the original one if this package replaced it). */
export const runCpu: OriginalKernels<CpuBackend>['run'] = originals.run;
