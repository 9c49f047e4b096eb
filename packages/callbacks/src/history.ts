/**
 * `History`: the per-epoch record of logs that `fit` returns.
 */
import type { Logs } from '@layerwise/core';
import { Callback } from './callback.js';

/**
 * Records every epoch's logs (Keras's `History`). `fit` adds one to its
 * callbacks and returns it: `history.epoch` lists the epochs run (counting
 * from 0) and `history.history[name]` holds one value per epoch for each log
 * entry (`loss`, metrics, `val_*`, and anything other callbacks add, such as
 * a learning rate). `params` and `model` are those of the run.
 *
 * As in Keras, `epoch` starts over at each `onTrainBegin` while `history`
 * keeps growing when the same `History` is given to several `fit` calls.
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 3, validationSplit: 0.2 });
 * history.epoch;                // [0, 1, 2]
 * history.history.loss;         // [0.69, 0.52, 0.41]
 * history.history.val_loss;     // [0.66, 0.55, 0.47]
 * history.params;               // { epochs: 3, steps: 25, verbose: 1 }
 * ```
 */
export class History extends Callback {
  /** The epochs seen in the last run, counting from 0. */
  epoch: number[] = [];
  /** For each log entry, its value at the end of every epoch. */
  history: Record<string, number[]> = {};

  override onTrainBegin(_logs?: Logs): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    this.epoch.push(epoch);
    if (logs === undefined) return;
    for (const key of Object.keys(logs)) {
      const values = this.history[key];
      if (values === undefined) this.history[key] = [logs[key]];
      else values.push(logs[key]);
    }
  }
}
