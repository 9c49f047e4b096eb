import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backendName } from './index.js';

describe('@layerwise/backend-cpu', () => {
  afterEach(() => vi.restoreAllMocks());

  it("registers 'cpu' with the lowest priority", () => {
    expect(backendName).toBe('cpu');
    expect(tf.engine().registryFactory.cpu.priority).toBe(1);
  });

  it('computes on cpu without printing the tfjs-node advert', async () => {
    const warn = vi.spyOn(console, 'warn');
    expect(await tf.setBackend('cpu')).toBe(true);
    const r = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await r.data())).toEqual([11]);
    expect(warn).not.toHaveBeenCalled();
  });
});
