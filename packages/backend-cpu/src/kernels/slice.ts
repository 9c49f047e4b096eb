import { type KernelConfig, type KernelFunc, Slice, type TensorInfo } from '@tensorflow/tfjs-core';
import { asCpu, runCpu } from './util.js';

/**
 * slice with complex64 support (tfjs-backend-cpu's throws "slice does not
 * support complex64"): slices the real and imaginary parts and joins them.
 * Other dtypes run the original.
 */
export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype !== 'complex64') return runCpu(Slice, backend, inputs, attrs);
    const parts = backend.data.get(x.dataId)?.complexTensorInfos;
    if (parts === undefined) throw new Error('@layerwise/backend-cpu: complex64 tensor without parts');
    const real = runCpu(Slice, backend, { x: parts.real }, attrs);
    const imag = runCpu(Slice, backend, { x: parts.imag }, attrs);
    const out = runCpu('Complex', backend, { real, imag });
    backend.disposeIntermediateTensorInfo(real);
    backend.disposeIntermediateTensorInfo(imag);
    return out;
  }) as KernelFunc,
};
