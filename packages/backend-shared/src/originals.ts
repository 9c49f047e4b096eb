import {
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** What {@link originalKernels} returns: remember tfjs's kernels, and run them. */
export interface OriginalKernels<B> {
  /** Remembers tfjs's kernel before a replacement is registered. */
  saveOriginal(config: KernelConfig): void;
  /** Runs tfjs's own kernel `name` (the original one if it was replaced); returns its first output. */
  run(name: string, backend: B, inputs: NamedTensorInfoMap, attrs?: NamedAttrMap): TensorInfo;
}

/**
 * The tfjs kernels of backend `backendName` that a Layerwise backend package
 * replaced, so that a replacement can still run the original where it is
 * right. Each backend package makes one.
 *
 * @example
 * ```ts
 * const { saveOriginal, run } = originalKernels<MathBackendCPU>('cpu');
 * run('Tile', backend, { x }, { reps: [2, 1] });
 * ```
 */
export function originalKernels<B>(backendName: string): OriginalKernels<B> {
  const originals = new Map<string, KernelConfig>();
  return {
    saveOriginal(config) {
      originals.set(config.kernelName, config);
    },
    run(name, backend, inputs, attrs = {}) {
      const config = originals.get(name) ?? getKernel(name, backendName);
      if (config === undefined) {
        throw new Error(`@layerwise/backend-${backendName}: no ${backendName} kernel '${name}'`);
      }
      const out = config.kernelFunc({ inputs, attrs, backend: backend as unknown as KernelBackend });
      return Array.isArray(out) ? out[0] : out;
    },
  };
}
