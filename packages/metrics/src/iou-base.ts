/**
 * `IoUBase`: the confusion matrix that the intersection-over-union metrics share.
 */
import { type Config, ValueError } from '@layerwise/core';
import {
  add,
  argMax,
  assign,
  broadcastTo,
  cast,
  greaterEqual,
  less,
  logicalAnd,
  mul,
  notEqual,
  reshape,
  ShapeError,
  scatterND,
  shapeString,
  squeeze,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
  type Variable,
  where,
} from '@layerwise/tensors';
import { Metric, type MetricOptions } from './metric.js';
import { asFloat, asTensor, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/**
 * Options of every IoU metric.
 *
 * @example
 * ```ts
 * const options: IoUBaseOptions = { numClasses: 21, ignoreClass: 255 };
 * ```
 */
export interface IoUBaseOptions extends MetricOptions {
  /** The number of classes: the confusion matrix is `numClasses x numClasses`. Required. */
  numClasses: number;
  /**
   * A class ID whose target pixels are left out (a segmentation "void"
   * class such as 255 or -1); default null, every class counts.
   */
  ignoreClass?: number | null;
  /** Whether targets are class IDs (default true) or scores to take the `argMax` of along `axis`. */
  sparseYTrue?: boolean;
  /** Whether predictions are class IDs (default true) or scores to take the `argMax` of along `axis`. */
  sparseYPred?: boolean;
  /** The class axis of dense targets or predictions (default -1). */
  axis?: number;
}

/**
 * The state the intersection-over-union metrics share (Keras's `_IoUBase`):
 * a `numClasses x numClasses` confusion matrix, rows the target class and
 * columns the predicted class, each cell the summed weight of the pairs that
 * fell in it. `updateState(yTrue, yPred, sampleWeight?)` flattens the class
 * IDs (after an `argMax` for dense inputs), drops pairs whose target or
 * prediction is outside `[0, numClasses)` or whose target is `ignoreClass`,
 * and adds the batch's matrix, built on the device with a scatter-add, to
 * the total; nothing is read back.
 *
 * The matrix is float32 (so fractional weights count, as with Keras's
 * `dtype='float32'`) with a compensated (Kahan) sum: integer counts stay
 * exact far past float32's 2^24, as with Keras's default int32 matrix,
 * for segmentation datasets of billions of pixels. Keras's `dtype='int32'`
 * (its default for these metrics) is accepted and means the same float32
 * matrix; weights are not truncated to integers.
 *
 * Subclasses define `result()` from {@link IoUBase.confusionMatrix}.
 *
 * @example
 * ```ts
 * class PixelAccuracy extends IoUBase {
 *   static override readonly className = 'PixelAccuracy';
 *   result() {
 *     return tidy(() => { const cm = this.confusionMatrix(); return divNoNan(sum(diagPart(cm)), sum(cm)); });
 *   }
 * }
 * ```
 */
export abstract class IoUBase extends Metric {
  static override readonly className: string = 'IoUBase';
  static override readonly configKeys: readonly string[] = [
    'name',
    'dtype',
    'numClasses',
    'ignoreClass',
    'sparseYTrue',
    'sparseYPred',
    'axis',
  ];

  readonly numClasses: number;
  readonly ignoreClass: number | null;
  readonly sparseYTrue: boolean;
  readonly sparseYPred: boolean;
  readonly axis: number;
  /** The running confusion matrix (its float32 rounding). */
  protected readonly totalCm: Variable;
  /** The rounding error carried in `totalCm` (Kahan's compensation): the exact total is `totalCm - compensation`. */
  protected readonly compensation: Variable;

  constructor(options: IoUBaseOptions) {
    const cls = new.target as unknown as { className?: string };
    const who = cls.className ?? 'IoU';
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new ValueError(`${who}: options are required; expected at least { numClasses }.`);
    }
    const dtype = options.dtype === 'int32' || options.dtype === 'int' ? undefined : options.dtype;
    super({ ...options, dtype });
    const { numClasses } = options;
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new ValueError(
        `${who}: numClasses is ${JSON.stringify(numClasses)}. Expected a positive integer, the number of classes ` +
          `(e.g. new ${who}({ numClasses: 3${who === 'IoU' || who === 'OneHotIoU' ? ', targetClassIds: [0]' : ''} })).`,
      );
    }
    const ignoreClass = options.ignoreClass ?? null;
    if (ignoreClass !== null && !Number.isInteger(ignoreClass)) {
      throw new ValueError(
        `${who}: ignoreClass is ${ignoreClass}. Expected an integer class ID (such as 255 or -1) or null.`,
      );
    }
    const axis = options.axis ?? -1;
    if (!Number.isInteger(axis)) {
      throw new ValueError(`${who}: axis is ${axis}. Expected an integer (default -1, the last axis).`);
    }
    this.numClasses = numClasses;
    this.ignoreClass = ignoreClass;
    this.sparseYTrue = options.sparseYTrue ?? true;
    this.sparseYPred = options.sparseYPred ?? true;
    this.axis = axis;
    this.totalCm = this.addWeight('total_confusion_matrix', [numClasses, numClasses]);
    this.compensation = this.addWeight('confusion_matrix_compensation', [numClasses, numClasses]);
  }

  /** Class IDs as int32: the `argMax` along `axis` of dense inputs, a truncating cast of sparse ones. */
  private classIds(x: TensorInput, sparse: boolean, arg: string): Tensor {
    const t = asTensor(x);
    if (sparse) return t.dtype === 'int32' ? t : cast(t, 'int32');
    const who = (this.constructor as { className?: string }).className ?? 'IoU';
    if (t.rank < 1 || this.axis < -t.rank || this.axis >= t.rank) {
      throw new ShapeError(
        `${who}: ${arg} has shape ${shapeString(t.shape)}, but axis ${this.axis} is its class axis. Expected dense ` +
          `${arg} with a class axis ${this.axis} (or set sparse${arg === 'yTrue' ? 'YTrue' : 'YPred'}: true for class IDs).`,
      );
    }
    return argMax(asFloat(t), this.axis);
  }

  /**
   * Adds the batch's confusion matrix to the total. `yTrue` and `yPred` are
   * class IDs of one shape (a trailing 1 on either side is fine) or, when
   * not sparse, scores with a class axis; `sampleWeight` is a scalar, one
   * weight per sample (`[batch]`) or per entry (the IDs' shape), or any
   * shape that broadcasts to the IDs from the left.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => {
      const who = (this.constructor as { className?: string }).className ?? 'IoU';
      const [t, p] = squeezeOrExpandToSameRank(
        this.classIds(yTrue, this.sparseYTrue, 'yTrue'),
        this.classIds(yPred, this.sparseYPred, 'yPred'),
      );
      checkSameShape(who, t, p, 'class IDs of the same shape');
      const n = t.size;
      if (n === 0) return;
      const ids = t.shape;
      let w: Tensor | undefined;
      if (sampleWeight !== undefined && sampleWeight !== null) {
        const given = asFloat(sampleWeight);
        let g = given;
        while (g.rank > ids.length && g.shape[g.rank - 1] === 1) g = squeeze(g, -1);
        if (g.rank === 1 && g.shape[0] === n && ids.length > 1) g = reshape(g, ids);
        const fits = g.rank <= ids.length && g.shape.every((d, i) => d === 1 || d === ids[i]);
        if (!fits) {
          throw new ShapeError(
            `${who}: sampleWeight has shape ${shapeString(given.shape)}, which does not fit class IDs of shape ` +
              `${shapeString(ids)}. Expected a scalar, one weight per sample ([${ids[0] ?? ''}]) or per entry ` +
              `(${shapeString(ids)}), or a shape that broadcasts to the IDs from the left.`,
          );
        }
        const padded = g.rank < ids.length ? reshape(g, [...g.shape, ...ids.slice(g.rank).map(() => 1)]) : g;
        w = reshape(broadcastTo(padded, ids), [n]);
      }
      const ft = reshape(t, [n]);
      const fp = reshape(p, [n]);
      const c = this.numClasses;
      let valid = logicalAnd(
        logicalAnd(greaterEqual(ft, 0), less(ft, c)),
        logicalAnd(greaterEqual(fp, 0), less(fp, c)),
      );
      if (this.ignoreClass !== null) valid = logicalAnd(valid, notEqual(ft, this.ignoreClass));
      const index = where(valid, add(mul(ft, c), fp), 0);
      const weights = where(valid, w ?? 1, 0);
      const batch = reshape(scatterND(reshape(index, [n, 1]), cast(weights, 'float32'), [c * c]), [c, c]);
      // Kahan: y = batch - comp; sum = total + y; comp = (sum - total) - y; total = sum.
      const y = sub(batch, this.compensation);
      const total = add(this.totalCm, y);
      assign(this.compensation, sub(sub(total, this.totalCm), y));
      assign(this.totalCm, total);
    });
  }

  /**
   * The confusion matrix so far, `[numClasses, numClasses]` (rows: targets,
   * columns: predictions), as a new float32 tensor.
   */
  confusionMatrix(): Tensor {
    return sub(this.totalCm, this.compensation);
  }

  /** `{ name, dtype, numClasses, ignoreClass, sparseYTrue, sparseYPred, axis }`; subclasses drop what they fix. */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      numClasses: this.numClasses,
      ignoreClass: this.ignoreClass,
      sparseYTrue: this.sparseYTrue,
      sparseYPred: this.sparseYPred,
      axis: this.axis,
    };
  }
}
