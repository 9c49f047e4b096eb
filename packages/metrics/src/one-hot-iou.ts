/**
 * `OneHotIoU`: intersection over union for chosen classes, from one-hot targets.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { IoU, type IoUOptions } from './iou.js';

/**
 * Options of {@link OneHotIoU}: those of {@link IoU} but `sparseYTrue`
 * (the targets are one-hot) and with `sparseYPred` false by default.
 *
 * @example
 * ```ts
 * const options: OneHotIoUOptions = { numClasses: 3, targetClassIds: [0, 2] };
 * ```
 */
export type OneHotIoUOptions = Omit<IoUOptions, 'sparseYTrue'>;

/**
 * {@link IoU} for one-hot targets (Keras's `OneHotIoU`): the class of a
 * target is the `argMax` of its one-hot vector along `axis`, and so is the
 * class of a prediction unless `sparseYPred` is true (default false:
 * scores of the same shape as the targets). Default name `'one_hot_io_u'`,
 * as Keras names it.
 *
 * @example
 * ```ts
 * const m = new OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] });
 * m.updateState(
 *   [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
 *   [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]],
 *   [0.1, 0.2, 0.3, 0.4],
 * ); // result 0.071
 * ```
 */
export class OneHotIoU extends IoU {
  static override readonly className: string = 'OneHotIoU';
  static override readonly configKeys: readonly string[] = [
    'name',
    'dtype',
    'numClasses',
    'targetClassIds',
    'ignoreClass',
    'sparseYPred',
    'axis',
  ];

  constructor(options: OneHotIoUOptions) {
    super({ ...options, sparseYTrue: false, sparseYPred: options?.sparseYPred ?? false });
  }

  override getConfig(): Config {
    const { sparseYTrue: _, ...config } = super.getConfig();
    return config;
  }
}
registerSerializable(OneHotIoU);
