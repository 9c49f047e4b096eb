import '@layerwise/backend-cpu';
import '@layerwise/backend-wasm';
import { memory, setBackend } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { fitLine } from './fit-line.js';

describe.each(['cpu', 'wasm'])('fitLine on %s', (backend) => {
  it('recovers slope 3 and intercept 2 within 0.05 and leaks nothing', async () => {
    await setBackend(backend);
    const before = memory().numTensors;
    const fit = await fitLine({ steps: 300, learningRate: 0.1 });
    expect(Math.abs(fit.slope - 3)).toBeLessThan(0.05);
    expect(Math.abs(fit.intercept - 2)).toBeLessThan(0.05);
    expect(fit.loss).toBeLessThan(0.02);
    expect(memory().numTensors).toBe(before);
  });
});
