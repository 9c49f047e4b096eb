import { getKernel, type KernelConfig, registerKernel } from '@tensorflow/tfjs-core';

/** The kernels this package adds to tfjs-backend-wasm. */
const kernels: KernelConfig[] = [];

/** Names of the kernels that `@layerwise/backend-wasm` adds to the wasm backend. */
export const trainingKernelNames: readonly string[] = kernels.map((k) => k.kernelName);

/** Registers every added kernel once (importing the package twice is harmless). */
export function registerTrainingKernels(): void {
  for (const kernel of kernels) {
    // A second copy of this module (two installs) must not re-register.
    if (getKernel(kernel.kernelName, kernel.backendName) === undefined) registerKernel(kernel);
  }
}
