/**
 * `Concatenate`: joins a list of tensors along one axis.
 */
import { type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { shapeText } from '../layer-utils.js';
import { Merge, type MergeMasks } from './merge.js';

/** Options of {@link Concatenate}. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis to join along (default -1, the last; negative axes count from the end). */
  axis?: number;
}

/**
 * Joins a list of tensors along `axis` (default the last), as
 * `keras.layers.Concatenate`. The inputs have one rank and equal sizes on
 * every other axis, the batch axis included (`null` matches any size); a
 * mismatch is a `ShapeError` naming the layer and the shapes. There is no
 * broadcasting.
 *
 * The output mask (Keras's rule) is built from the input masks, with
 * all-true masks for unmasked inputs: each mask is widened to its input's
 * shape, the masks are concatenated along `axis`, then reduced with OR over
 * the last axis. Joining sequences `[batch, t, f]` on the feature axis gives
 * the OR of their `[batch, t]` masks; joining them on the time axis
 * (`axis: 1`) gives their masks one after the other, `[batch, t1 + t2]`.
 *
 * Unlike Keras, whose symbolic output shape copies the first input's
 * non-axis sizes, a size unknown in the first input is taken from the
 * others when they know it.
 *
 * @example
 * ```ts
 * const x = tensor([[[0, 1], [2, 3]]]); // [1, 2, 2]
 * const y = tensor([[[4, 5]]]);         // [1, 1, 2]
 * new Concatenate({ axis: 1 }).apply([x, y]); // [[[0, 1], [2, 3], [4, 5]]], shape [1, 3, 2]
 * const h = new Concatenate().apply([Input({ shape: [8] }), Input({ shape: [4] })]); // [null, 12]
 * ```
 */
export class Concatenate extends Merge {
  static override readonly className: string = 'Concatenate';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'axis'];

  readonly axis: number;

  constructor(options: ConcatenateOptions = {}) {
    super(options);
    const axis = options.axis ?? -1;
    if (!Number.isInteger(axis)) {
      throw new ValueError(`Concatenate '${this.name}': axis must be an integer, got ${JSON.stringify(axis)}.`);
    }
    this.axis = axis;
  }

  protected override get equalizesRanks(): boolean {
    return false;
  }

  /** `axis` as a non-negative axis for inputs of `rank` (a ShapeError when out of range). */
  private resolveAxis(rank: number, shapes: Shape[]): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 0 || a >= rank) {
      throw new ShapeError(
        `${this.label}: axis ${this.axis} is out of range for inputs of rank ${rank} ` +
          `(shapes ${shapes.map(shapeText).join(', ')}). Use an axis in [${-rank}, ${rank - 1}].`,
      );
    }
    return a;
  }

  protected override mergedShape(shapes: Shape[]): Shape {
    const rank = shapes[0].length;
    const mismatch = () =>
      new ShapeError(
        `${this.label}: inputs must have equal shapes except along the concatenation axis (axis ${this.axis}), ` +
          `got ${shapes.map(shapeText).join(', ')}.`,
      );
    if (shapes.some((s) => s.length !== rank)) throw mismatch();
    const a = this.resolveAxis(rank, shapes);
    const out: Shape = [];
    for (let k = 0; k < rank; k++) {
      const sizes = shapes.map((s) => s[k]);
      if (k === a) {
        out.push(sizes.some((d) => d === null) ? null : (sizes as number[]).reduce((n, d) => n + d, 0));
        continue;
      }
      const known = new Set(sizes.filter((d) => d !== null));
      if (known.size > 1) throw mismatch();
      out.push(known.size === 1 ? [...known][0] : null);
    }
    return out;
  }

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    return T.concat(inputs, this.axis);
  }

  /**
   * The output mask (see the class comment): null when no input has a
   * mask; otherwise the widened masks (all true for unmasked inputs)
   * concatenated along `axis` and reduced with OR over the last axis. The
   * caller disposes the result.
   *
   * @example
   * ```ts
   * const c = new Concatenate({ axis: 1 });
   * c.computeMask([zeros([1, 2, 3]), zeros([1, 1, 3])], [tensor([[true, false]]), null]);
   * // [[true, false, true]]
   * ```
   */
  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | MergeMasks | null = null): Tensor | null {
    const masks = this.checkedMasks(inputs, mask);
    if (masks === null || masks.every((m) => m === null)) return null;
    const xs = inputs as Tensor[];
    return T.tidy(() => {
      const parts = xs.map((x, i) => {
        const m = masks[i];
        if (m === null) return T.ones(x.shape, 'bool');
        const b = T.cast(m, 'bool');
        return b.rank < x.rank ? T.broadcastTo(T.expandDims(b, -1), [...x.shape]) : b;
      });
      return T.any(T.concat(parts, this.axis), -1);
    });
  }

  override getConfig(): Config {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerSerializable(Concatenate);
