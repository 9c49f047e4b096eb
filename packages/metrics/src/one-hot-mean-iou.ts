/**
 * `OneHotMeanIoU`: mean intersection over union from one-hot targets.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import type { IoUBaseOptions } from './iou-base.js';
import { MeanIoU } from './mean-iou.js';

/**
 * Options of {@link OneHotMeanIoU}: those of {@link MeanIoU} but
 * `sparseYTrue` (the targets are one-hot) and with `sparseYPred` false by
 * default.
 *
 * @example
 * ```ts
 * const options: OneHotMeanIoUOptions = { numClasses: 3 };
 * ```
 */
export type OneHotMeanIoUOptions = Omit<IoUBaseOptions, 'sparseYTrue'>;

/**
 * {@link MeanIoU} for one-hot targets (Keras's `OneHotMeanIoU`): the class
 * of a target is the `argMax` of its one-hot vector along `axis`, and so is
 * the class of a prediction unless `sparseYPred` is true (default false).
 * Default name `'one_hot_mean_io_u'`, as Keras names it.
 *
 * @example
 * ```ts
 * const m = new OneHotMeanIoU({ numClasses: 3 });
 * m.updateState(
 *   [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
 *   [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]],
 *   [0.1, 0.2, 0.3, 0.4],
 * ); // result 0.048
 * ```
 */
export class OneHotMeanIoU extends MeanIoU {
  static override readonly className: string = 'OneHotMeanIoU';
  static override readonly configKeys: readonly string[] = [
    'name',
    'dtype',
    'numClasses',
    'ignoreClass',
    'sparseYPred',
    'axis',
  ];

  constructor(options: OneHotMeanIoUOptions) {
    super({ ...options, sparseYTrue: false, sparseYPred: options?.sparseYPred ?? false });
  }

  override getConfig(): Config {
    const { sparseYTrue: _, ...config } = super.getConfig();
    return config;
  }
}
registerSerializable(OneHotMeanIoU);
