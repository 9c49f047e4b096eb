/**
 * `IoU`: intersection over union for chosen classes.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  cast,
  div,
  gather,
  greater,
  reshape,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  where,
} from '@layerwise/tensors';
import { IoUBase, type IoUBaseOptions } from './iou-base.js';

/** Keras's `backend.epsilon()`. */
const EPSILON = 1e-7;

/**
 * Options of {@link IoU}.
 *
 * @example
 * ```ts
 * const options: IoUOptions = { numClasses: 3, targetClassIds: [0, 2], ignoreClass: 255 };
 * ```
 */
export interface IoUOptions extends IoUBaseOptions {
  /** The classes whose IoUs are averaged (one ID for a single class's IoU). Required, each in `[0, numClasses)`. */
  targetClassIds: readonly number[];
}

/** Checks target class IDs against `numClasses`; returns a copy. */
export function checkTargetClassIds(who: string, ids: unknown, numClasses: number): number[] {
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => !Number.isInteger(id))) {
    throw new ValueError(
      `${who}: targetClassIds is ${JSON.stringify(ids)}. Expected a non-empty array of integer class IDs in ` +
        `[0, ${numClasses}), e.g. [0] for class 0's IoU.`,
    );
  }
  const bad = (ids as number[]).find((id) => id < 0 || id >= numClasses);
  if (bad !== undefined) {
    throw new ValueError(
      `${who}: target class id ${bad} is out of range, which is [0, ${numClasses}) for numClasses ${numClasses}.`,
    );
  }
  return [...(ids as number[])];
}

/**
 * Intersection over union for the classes in `targetClassIds` (Keras's
 * `IoU`, identifier `'iou'`), the usual measure for semantic segmentation.
 * From the running confusion matrix `cm` (see {@link IoUBase}), per class
 *
 * ```text
 * iou_c = tp_c / (tp_c + fp_c + fn_c) = cm[c, c] / (sum(cm[c, :]) + sum(cm[:, c]) - cm[c, c])
 * ```
 *
 * and the result is the mean of `iou_c` over the target classes that have
 * appeared (as a target or a prediction); a class never seen is left out,
 * and with none seen the result is 0. The denominator gets Keras's 1e-7.
 *
 * Targets and predictions are class IDs (or, with `sparseYTrue` /
 * `sparseYPred` false, scores whose `argMax` along `axis` is the class);
 * IDs outside `[0, numClasses)` and targets equal to `ignoreClass` are
 * skipped. Sample weights weigh pairs; use 0 to mask.
 *
 * @example
 * ```ts
 * const m = new IoU({ numClasses: 2, targetClassIds: [0] });
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1]); // cm [[1, 1], [1, 1]]: iou_0 = 1 / (2 + 2 - 1), result 0.33333334
 * ```
 */
export class IoU extends IoUBase {
  static override readonly className: string = 'IoU';
  static override readonly configKeys: readonly string[] = [...IoUBase.configKeys, 'targetClassIds'];

  readonly targetClassIds: number[];

  constructor(options: IoUOptions) {
    super(options);
    const who = (new.target as unknown as { className?: string }).className ?? 'IoU';
    this.targetClassIds = checkTargetClassIds(who, options.targetClassIds, this.numClasses);
  }

  /** The mean IoU of the target classes seen so far (0 if none). */
  result(): Tensor {
    return tidy(() => {
      const cm = this.confusionMatrix();
      const c = this.numClasses;
      const predicted = sum(cm, 0);
      const actual = sum(cm, 1);
      const diagonal = tensor(
        Array.from({ length: c }, (_, i) => i * (c + 1)),
        [c],
        'int32',
      );
      const truePositives = gather(reshape(cm, [c * c]), diagonal);
      const ids = tensor(this.targetClassIds, [this.targetClassIds.length], 'int32');
      const tp = gather(truePositives, ids);
      const denominator = gather(sub(add(predicted, actual), truePositives), ids);
      const valid = greater(denominator, 1e-9);
      const iou = where(valid, div(tp, add(denominator, EPSILON)), 0);
      return div(sum(iou), add(sum(cast(valid, 'float32')), EPSILON));
    });
  }

  override getConfig(): Config {
    return { ...super.getConfig(), targetClassIds: [...this.targetClassIds] };
  }
}
registerSerializable(IoU);
