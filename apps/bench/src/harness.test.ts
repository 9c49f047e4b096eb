// First, before any Layerwise package: see load-tfjs-layers.ts.
import './load-tfjs-layers.js';

import { memory, setBackend } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { CLASSES, INPUT_DIM, layerwiseGradientsActive, runBench, sharedTfjsCore, syntheticData } from './harness.js';

describe('bench harness', () => {
  it('sees one tfjs-core 4.22.0 from Layerwise and tfjs-layers', () => {
    expect(sharedTfjsCore().version).toBe('4.22.0');
  });

  it('makes the same labelled synthetic data for the same seed, every label in range', () => {
    const a = syntheticData(200, 3);
    const b = syntheticData(200, 3);
    expect(a.x.length).toBe(200 * INPUT_DIM);
    expect(a.y).toEqual(b.y);
    expect(a.x).toEqual(b.x);
    for (const label of a.y) expect(label >= 0 && label < CLASSES).toBe(true);
    expect(new Set(a.y).size).toBeGreaterThan(3);
  });

  describe.each(['cpu', 'wasm'])('on %s', (backend) => {
    it('trains both libraries and returns finite numbers, with Layerwise gradients active and the data freed', async () => {
      await setBackend(backend);
      const before = memory().numTensors;
      const r = await runBench({ backend, samples: 64, batchSize: 32, epochs: 1, warmupEpochs: 0, rounds: 1 });
      expect(layerwiseGradientsActive()).toBe(true);
      expect(r.runs.map((run) => run.library)).toEqual(['layerwise', 'tfjs-layers']);
      for (const run of r.runs) {
        expect(run.samplesPerSec).toBeGreaterThan(0);
        expect(Number.isFinite(run.samplesPerSec)).toBe(true);
        expect(run.cpuSeconds).toBeGreaterThan(0);
        expect(Number.isFinite(run.loss)).toBe(true);
        expect(run.accuracy).toBeGreaterThanOrEqual(0);
        expect(run.accuracy).toBeLessThanOrEqual(1);
        // The model's weights and optimizer state are alive after fit: 3 kernels, 3 biases, 2 Adam slots each.
        expect(run.tensorsAfterFit - run.tensorsBefore).toBeGreaterThanOrEqual(6 * 3);
      }
      expect(Number.isFinite(r.ratio) && r.ratio > 0).toBe(true);
      expect(Number.isFinite(r.cpuRatio) && r.cpuRatio > 0).toBe(true);
      // The harness frees its data: what is left is what the models left after dispose().
      const left = r.runs.reduce((n, run) => n + run.tensorsAfterDispose - run.tensorsBefore, 0);
      expect(memory().numTensors - before).toBe(left);
    }, 60_000);
  });
});
