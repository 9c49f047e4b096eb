/**
 * The cpu backend: plain JavaScript kernels from `@tensorflow/tfjs-backend-cpu`.
 * It runs everywhere and is the reference every other backend is tested against,
 * but it is about 30x slower than wasm on dense math. Kernels that
 * tfjs-backend-cpu gets wrong are replaced (see {@link replacedKernelNames}).
 *
 * Importing this module registers the backend under the name `'cpu'`
 * (priority 1, the lowest: `setBackend('auto')` picks it only when nothing
 * faster is available).
 *
 * @example
 * ```ts
 * import '@layerwise/backend-cpu';
 * import { setBackend, tensor } from '@layerwise/tensors';
 * await setBackend('cpu');
 * tensor([1, 2, 3]).print();
 * ```
 * @packageDocumentation
 */
import { engine } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerCpuKernels } from './kernels/index.js';

export { replacedKernelNames } from './kernels/index.js';

/** The name this package registers its backend under. */
export const backendName = 'cpu';

/**
 * tfjs-backend-cpu prints an advert for tfjs-node on its first write when it
 * runs in Node. Layerwise picks backends itself, so the advert is noise: mark
 * the backend as already used once it is created.
 */
const registry = engine().registryFactory[backendName];
if (registry !== undefined) {
  const create = registry.factory;
  registry.factory = () => {
    const backend = create() as unknown as { firstUse?: boolean };
    backend.firstUse = false;
    return backend as ReturnType<typeof create>;
  };
}

registerCpuKernels();
