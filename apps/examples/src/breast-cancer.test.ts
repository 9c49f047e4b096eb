import { getBackend, memory } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { runBreastCancer } from './breast-cancer.js';

describe(`breast cancer classification (${getBackend()})`, () => {
  it('reaches at least 94% accuracy on the held-out 20%, and leaks nothing', async () => {
    const before = memory().numTensors;
    const r = await runBreastCancer();
    expect(memory().numTensors).toBe(before);
    expect(r.nTrain).toBe(455);
    expect(r.nTest).toBe(114);
    // Measured: 0.9737 on cpu and wasm (seeds 0..5: 0.956 to 0.974).
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.94);
    expect(r.testAccuracy).toBeGreaterThan(r.majorityBaseline + 0.25); // the majority class is ~0.65
    expect(r.testLoss).toBeLessThan(0.2);
    const c = r.confusion;
    expect(c.truePositive + c.falseNegative + c.falsePositive + c.trueNegative).toBe(114);
    expect((c.truePositive + c.trueNegative) / 114).toBeCloseTo(r.testAccuracy, 5);
    // The History has the training and the validation (validationSplit) curves, one value per epoch.
    expect(Object.keys(r.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    for (const values of Object.values(r.history)) expect(values).toHaveLength(40);
    expect(r.history.loss[39]).toBeLessThan(r.history.loss[0] / 3);
    expect(r.history.val_accuracy[39]).toBeGreaterThanOrEqual(0.93);
  });
});
