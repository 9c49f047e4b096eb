// TerminateOnNaN (keras/src/callbacks/terminate_on_nan_test.py cases) with a fake model.
import type { ModelLike } from '@layerwise/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallbackList } from './callback-list.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

function fakeModel(): ModelLike {
  return { name: 'fake', stopTraining: false, getWeights: () => [], setWeights: () => {} };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TerminateOnNaN', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('stops training on a %s loss', (bad) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const model = fakeModel();
    const cb = new TerminateOnNaN();
    cb.setModel(model);
    cb.onTrainBatchEnd(0, { loss: 0.5 });
    cb.onTrainBatchEnd(1, { loss: 1e30 });
    expect(model.stopTraining).toBe(false);
    cb.onTrainBatchEnd(2, { loss: bad });
    expect(model.stopTraining).toBe(true);
    expect(log).toHaveBeenCalledWith('Batch 2: Invalid loss, terminating training');
  });

  it('ignores batches without a loss', () => {
    const model = fakeModel();
    const cb = new TerminateOnNaN();
    cb.setModel(model);
    cb.onTrainBatchEnd(0, { accuracy: Number.NaN });
    cb.onTrainBatchEnd(1);
    expect(model.stopTraining).toBe(false);
  });

  it('throws at once with raiseError, through the CallbackList the engine uses', async () => {
    const model = fakeModel();
    const list = new CallbackList([new TerminateOnNaN({ raiseError: true })], { model });
    await list.onTrainBatchEnd(0, { loss: 1 });
    await expect(async () => list.onTrainBatchEnd(3, { loss: Number.NaN })).rejects.toThrow(
      'NaN or Inf loss encountered at batch 3. Loss value: NaN. Terminating training immediately.',
    );
    expect(model.stopTraining).toBe(false);
  });
});
