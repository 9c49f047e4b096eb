import { getBackend, memory } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { runIrisRegression } from './iris-regression.js';

describe(`iris petal-width regression (${getBackend()})`, () => {
  it('beats the predict-the-mean baseline by a wide margin, and leaks nothing', async () => {
    const before = memory().numTensors;
    const r = await runIrisRegression();
    expect(memory().numTensors).toBe(before);
    expect([r.nTrain, r.nVal, r.nTest]).toEqual([96, 24, 30]);
    // Measured (cpu and wasm): test MSE 0.039 against a baseline of 0.476 (R² 0.918), MAE 0.154 against 0.567;
    // seeds 0..5 gave R² 0.90 to 0.96.
    expect(r.baselineMse).toBeCloseTo(0.476, 3);
    expect(r.testMse).toBeLessThan(0.25 * r.baselineMse);
    expect(r.testMae).toBeLessThan(0.5 * r.baselineMae);
    expect(r.r2).toBeGreaterThan(0.8);
    expect(Object.keys(r.history).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    expect(r.history.loss).toHaveLength(100);
    // MAE is at most the root of MSE.
    expect(r.testMae).toBeLessThanOrEqual(Math.sqrt(r.testMse) + 1e-6);
  });
});
