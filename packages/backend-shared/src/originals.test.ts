import { type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { originalKernels } from './originals.js';

const info = (v: number) => ({ dataId: {}, shape: [v], dtype: 'float32' as const });

describe('originalKernels', () => {
  it('runs the registered kernel, or the saved original, and returns the first output', () => {
    const k = originalKernels<object>('test-backend');
    const registered: KernelConfig = { kernelName: 'Foo', backendName: 'test-backend', kernelFunc: () => info(1) };
    registerKernel(registered);
    try {
      expect(k.run('Foo', {}, {}).shape).toEqual([1]);
      k.saveOriginal({ kernelName: 'Foo', backendName: 'test-backend', kernelFunc: () => [info(2), info(3)] });
      expect(k.run('Foo', {}, {}).shape).toEqual([2]);
    } finally {
      unregisterKernel('Foo', 'test-backend');
    }
  });
  it('names the backend when there is no such kernel', () => {
    expect(() => originalKernels('test-backend').run('Nope', {}, {})).toThrow(
      "@layerwise/backend-test-backend: no test-backend kernel 'Nope'",
    );
  });
});
