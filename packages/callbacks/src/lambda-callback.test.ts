// LambdaCallback: each given function replaces its hook (keras/src/callbacks/lambda_callback_test.py cases).
import type { Logs } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import { CallbackList } from './callback-list.js';
import { LambdaCallback } from './lambda-callback.js';

describe('LambdaCallback', () => {
  it('calls its functions with the hook arguments during a run', async () => {
    const events: string[] = [];
    const cb = new LambdaCallback({
      onTrainBegin: () => {
        events.push('train begin');
      },
      onEpochBegin: (epoch) => {
        events.push(`epoch ${epoch} begin`);
      },
      onTrainBatchBegin: (batch) => {
        events.push(`batch ${batch} begin`);
      },
      onTrainBatchEnd: (batch, logs) => {
        events.push(`batch ${batch} end ${logs?.loss}`);
      },
      onEpochEnd: async (epoch, logs) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        events.push(`epoch ${epoch} end ${logs?.loss}`);
      },
      onTrainEnd: (logs) => {
        events.push(`train end ${logs?.loss}`);
      },
    });
    const list = new CallbackList([cb]);
    await list.onTrainBegin();
    for (let epoch = 0; epoch < 2; epoch++) {
      await list.onEpochBegin(epoch);
      await list.onTrainBatchBegin(0);
      await list.onTrainBatchEnd(0, { loss: epoch + 0.5 });
      await list.onEpochEnd(epoch, { loss: epoch + 0.25 } as Logs);
    }
    await list.onTrainEnd({ loss: 1.25 });
    expect(events).toEqual([
      'train begin',
      'epoch 0 begin',
      'batch 0 begin',
      'batch 0 end 0.5',
      'epoch 0 end 0.25',
      'epoch 1 begin',
      'batch 0 begin',
      'batch 0 end 1.5',
      'epoch 1 end 1.25',
      'train end 1.25',
    ]);
  });

  it('accepts the other hooks too (Keras **kwargs) and leaves the rest as no-ops', () => {
    const seen: string[] = [];
    const cb = new LambdaCallback({
      onTestEnd: (logs) => {
        seen.push(`test end ${logs?.loss}`);
      },
      onPredictBatchEnd: (batch) => {
        seen.push(`predict batch ${batch}`);
      },
    });
    cb.onTestEnd({ loss: 2 });
    cb.onPredictBatchEnd(7);
    expect(cb.onEpochEnd(0, { loss: 1 })).toBeUndefined();
    expect(cb.onTrainBegin()).toBeUndefined();
    expect(seen).toEqual(['test end 2', 'predict batch 7']);
  });

  it('can stop training through the model it is attached to', () => {
    const model = { name: 'm', stopTraining: false, getWeights: () => [], setWeights: () => {} };
    const cb: LambdaCallback = new LambdaCallback({
      onEpochEnd: (_epoch, logs) => {
        if (logs !== undefined && logs.loss < 0.1 && cb.model !== null) cb.model.stopTraining = true;
      },
    });
    cb.setModel(model);
    cb.onEpochEnd(0, { loss: 0.5 });
    expect(model.stopTraining).toBe(false);
    cb.onEpochEnd(1, { loss: 0.05 });
    expect(model.stopTraining).toBe(true);
  });
});
