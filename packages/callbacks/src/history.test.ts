// History and the Callback base class.
import type { Logs, ModelLike } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import { Callback } from './callback.js';
import { CallbackList } from './callback-list.js';
import { History } from './history.js';

function fakeModel(): ModelLike {
  return { name: 'm', stopTraining: false, getWeights: () => [], setWeights: () => {} };
}

/** Runs the epoch hooks of a fit through a CallbackList. */
async function fakeFit(list: CallbackList, epochLogs: Logs[]): Promise<void> {
  await list.onTrainBegin();
  for (const [epoch, logs] of epochLogs.entries()) {
    await list.onEpochBegin(epoch);
    await list.onTrainBatchEnd(0, { loss: 99 });
    await list.onEpochEnd(epoch, logs);
  }
  await list.onTrainEnd(epochLogs.at(-1));
}

describe('History', () => {
  it('records each epoch and its logs, with the run params and model', async () => {
    const model = fakeModel();
    const list = new CallbackList([], { addHistory: true, model, params: { epochs: 3, steps: 5, verbose: 0 } });
    await fakeFit(list, [
      { loss: 0.9, accuracy: 0.5 },
      { loss: 0.6, accuracy: 0.7, val_loss: 0.65 },
      { loss: 0.4, accuracy: 0.8, val_loss: 0.5 },
    ]);
    const history = list.history!;
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history).toEqual({
      loss: [0.9, 0.6, 0.4],
      accuracy: [0.5, 0.7, 0.8],
      val_loss: [0.65, 0.5],
    });
    expect(history.params).toEqual({ epochs: 3, steps: 5, verbose: 0 });
    expect(history.model).toBe(model);
  });

  it('reads lazy epoch logs once per entry and keeps numbers', () => {
    let reads = 0;
    const logs = {} as Logs;
    Object.defineProperty(logs, 'loss', {
      enumerable: true,
      get() {
        reads++;
        return 0.5;
      },
    });
    const history = new History();
    history.onTrainBegin();
    history.onEpochEnd(0, logs);
    expect(reads).toBe(1);
    expect(history.history).toEqual({ loss: [0.5] });
  });

  it('starts epoch over at each training run but keeps appending to history, as Keras', () => {
    const history = new History();
    history.onTrainBegin();
    history.onEpochEnd(0, { loss: 1 });
    history.onEpochEnd(1, { loss: 0.5 });
    history.onTrainBegin();
    history.onEpochEnd(2, { loss: 0.25 });
    history.onEpochEnd(3);
    expect(history.epoch).toEqual([2, 3]);
    expect(history.history).toEqual({ loss: [1, 0.5, 0.25] });
  });
});

describe('Callback', () => {
  it('has a no-op for every hook and stores the model and params', () => {
    const cb = new Callback();
    expect(cb.model).toBeNull();
    expect(cb.params).toBeNull();
    expect(cb.onTrainBegin()).toBeUndefined();
    expect(cb.onEpochEnd(0, { loss: 1 })).toBeUndefined();
    expect(cb.onPredictBatchEnd(0)).toBeUndefined();
    const model = fakeModel();
    cb.setModel(model);
    cb.setParams({ epochs: 2, verbose: 1 });
    expect(cb.model).toBe(model);
    expect(cb.params).toEqual({ epochs: 2, verbose: 1 });
  });

  it('lets a subclass stop training through the model (the TSDoc example)', async () => {
    class StopAtLoss extends Callback {
      constructor(private readonly target: number) {
        super();
      }
      override onEpochEnd(_epoch: number, logs?: Logs) {
        if (logs !== undefined && logs.loss < this.target && this.model !== null) this.model.stopTraining = true;
      }
    }
    const model = fakeModel();
    const list = new CallbackList([new StopAtLoss(0.5)], { model });
    await list.onEpochEnd(0, { loss: 0.7 });
    expect(model.stopTraining).toBe(false);
    await list.onEpochEnd(1, { loss: 0.3 });
    expect(model.stopTraining).toBe(true);
  });

  it('supports async hooks in subclasses', async () => {
    const events: string[] = [];
    class Saver extends Callback {
      override async onEpochEnd(epoch: number) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        events.push(`saved ${epoch}`);
      }
    }
    const list = new CallbackList([new Saver(), new History()]);
    await list.onEpochEnd(0, { loss: 1 });
    expect(events).toEqual(['saved 0']);
    expect(list.history?.history).toEqual({ loss: [1] });
  });
});
