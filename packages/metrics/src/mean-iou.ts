/**
 * `MeanIoU`: intersection over union averaged over every class.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { IoU } from './iou.js';
import type { IoUBaseOptions } from './iou-base.js';

/**
 * The mean intersection over union over all `numClasses` classes (Keras's
 * `MeanIoU`, identifier `'mean_iou'`): {@link IoU} with `targetClassIds`
 * every class. Classes that never appear (as a target or a prediction) are
 * left out of the mean. Default name `'mean_io_u'`, as Keras names it.
 *
 * @example
 * ```ts
 * const m = new MeanIoU({ numClasses: 2 });
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1]);                       // result 0.33333334
 * m.resetState();
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]); // result 0.23809525
 * ```
 */
export class MeanIoU extends IoU {
  static override readonly className: string = 'MeanIoU';
  static override readonly configKeys: readonly string[] = [
    'name',
    'dtype',
    'numClasses',
    'ignoreClass',
    'sparseYTrue',
    'sparseYPred',
    'axis',
  ];

  constructor(options: IoUBaseOptions) {
    const numClasses = options?.numClasses;
    const targetClassIds = Number.isInteger(numClasses) && numClasses > 0 ? [...Array(numClasses).keys()] : [];
    super({ ...options, targetClassIds });
  }

  override getConfig(): Config {
    const { targetClassIds: _, ...config } = super.getConfig();
    return config;
  }
}
registerSerializable(MeanIoU);
