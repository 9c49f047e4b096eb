import { describe, expect, it } from 'vitest';
import { replacedKernelNames, trainingKernelNames } from '../index.js';
import { tf } from '../test-setup.js';
import { registerTrainingKernels } from './index.js';

describe('registration', () => {
  it('adds the kernels training needs that tfjs-backend-wasm lacks', () => {
    for (const name of [
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
      'Complex',
      'Real',
      'Imag',
      'ComplexAbs',
      'FFT',
      'IFFT',
    ]) {
      expect(trainingKernelNames).toContain(name);
      expect(replacedKernelNames).not.toContain(name);
    }
  });

  it('registers every kernel for wasm, replacing the originals', () => {
    for (const name of trainingKernelNames) {
      const k = tf.getKernel(name, 'wasm');
      expect(k, name).toBeDefined();
      expect((k as unknown as Record<symbol, unknown>)[Symbol.for('@layerwise/backend-wasm/kernel')], name).toBe(true);
    }
    expect(new Set(trainingKernelNames).size).toBe(trainingKernelNames.length);
  });

  it('is idempotent', () => {
    const before = trainingKernelNames.map((n) => tf.getKernel(n, 'wasm'));
    registerTrainingKernels();
    registerTrainingKernels();
    expect(trainingKernelNames.map((n) => tf.getKernel(n, 'wasm'))).toEqual(before);
  });

  it('keeps the replaced kernels working after switching backends (their setup functions rerun)', async () => {
    await tf.setBackend('cpu');
    await tf.setBackend('wasm');
    const y = tf.tidy(() => tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync());
    expect(Array.from(y)).toEqual([4, 6]);
    const g = tf.tidy(() => tf.gather(tf.tensor([5, 6, 7]), tf.tensor([2, 0], [2], 'int32')).dataSync());
    expect(Array.from(g)).toEqual([7, 5]);
  });
});
