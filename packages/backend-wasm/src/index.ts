/**
 * The wasm backend: `@tensorflow/tfjs-backend-wasm` (XNNPACK kernels, SIMD),
 * plus the training kernels that package lacks and replacements for the ones
 * it gets wrong or runs slowly (see `./kernels`, {@link trainingKernelNames}
 * and {@link replacedKernelNames}), written on the wasm backend's own heap so
 * that no tensor ever moves to another backend.
 *
 * In Node the `.wasm` binaries load from the installed
 * `@tensorflow/tfjs-backend-wasm` package with no network. In a browser, serve
 * the files from `node_modules/@tensorflow/tfjs-backend-wasm/dist/` and call
 * {@link setWasmPaths} with their URL prefix before the backend initializes.
 *
 * Importing this module registers the backend under the name `'wasm'`
 * (priority 2: `setBackend('auto')` prefers it to cpu).
 *
 * @example
 * ```ts
 * import '@layerwise/backend-wasm';
 * import { setBackend, matMul, tensor } from '@layerwise/tensors';
 * await setBackend('wasm');
 * matMul(tensor([[1, 2]]), tensor([[3], [4]])).print(); // [[11]]
 * ```
 * @packageDocumentation
 */
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from './kernels/index.js';

export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
export { replacedKernelNames, trainingKernelNames } from './kernels/index.js';

/** The name this package registers its backend under. */
export const backendName = 'wasm';

registerTrainingKernels();
