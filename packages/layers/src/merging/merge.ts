/**
 * `Merge`: the base class of the layers that combine a list of tensors
 * (`Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`,
 * `Concatenate`, `Dot`), as Keras 3's `keras.layers.merging.base_merge.Merge`.
 */
import { type CallOptions, ShapeError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type Shape } from '../layer.js';
import { shapeText } from '../layer-utils.js';

/** One mask per input (`null` for an unmasked input), as a merge layer receives them. */
export type MergeMasks = Array<Tensor | null>;

/**
 * The shape of an elementwise operation on tensors of `a` and `b` (sample
 * shapes, without the batch dimension), as Keras's
 * `_compute_elemwise_op_output_shape`: the shapes are aligned on their last
 * axes; a size of 1 takes the other size, an unknown size (`null`) gives an
 * unknown size, and two different known sizes are incompatible (`null` is
 * returned, the caller raises).
 */
export function elementwiseShape(a: Shape, b: Shape): Shape | null {
  if (a.length < b.length) return elementwiseShape(b, a);
  const out: Shape = a.slice(0, a.length - b.length);
  for (let k = 0; k < b.length; k++) {
    const i = a[a.length - b.length + k];
    const j = b[k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else return null;
  }
  return out;
}

function shapeList(shapes: readonly Shape[]): string {
  return shapes.map(shapeText).join(', ');
}

/**
 * Base class of the merge layers: it takes a list of tensors and combines
 * them into one. The base class checks the list (a list, of the right
 * length), the batch sizes (equal where known) and, for elementwise merges,
 * that the sample shapes broadcast (Keras's rules: aligned on the last axes,
 * size 1 broadcasts, anything else must be equal). Inputs of lower rank get
 * new axes of size 1 after the batch axis until every rank is equal, as
 * Keras does (`[b, 3]` with `[b, 4, 3]` gives `[b, 4, 3]`).
 *
 * Masks: merge layers support masking. {@link Merge.computeMask} returns the
 * logical OR of the input masks, or `null` when any input has no mask
 * (Keras 3's rule since 3.4). `Multiply`, `Maximum` and `Minimum` also use
 * the masks given in the call options (`apply([a, b], { mask: [ma, mb] })`)
 * to leave masked positions out of the result, as Keras 3.
 *
 * A subclass implements {@link Merge.mergeFunction}; `Concatenate` and `Dot`
 * also replace the shape rules.
 *
 * @example
 * ```ts
 * class Hypot extends Merge {
 *   static override readonly className = 'Hypot';
 *   protected override mergeFunction(inputs: Tensor[]) {
 *     return sqrt(inputs.map((x) => square(x)).reduce((a, b) => add(a, b)));
 *   }
 * }
 * registerSerializable(Hypot);
 * new Hypot().apply([tensor([3]), tensor([4])]); // [5]
 * ```
 */
export abstract class Merge extends Layer {
  static override readonly className: string = 'Merge';

  override supportsMasking = true;

  /**
   * The number of inputs this layer takes: `[fewest, most]`. Keras 3 accepts
   * a list of one input (the merge is then an identity).
   */
  protected get inputCountRange(): [number, number] {
    return [1, Number.POSITIVE_INFINITY];
  }

  /** Whether inputs of different ranks get axes after the batch axis until their ranks are equal (elementwise merges). */
  protected get equalizesRanks(): boolean {
    return true;
  }

  /**
   * Whether {@link Merge.mergeFunction} uses the masks of the call options
   * (`Multiply`, `Maximum`, `Minimum`, as Keras 3); the others get null and
   * only {@link Merge.computeMask} looks at masks.
   */
  protected get usesCallMasks(): boolean {
    return false;
  }

  /** `Add 'add'`: how messages name this layer. */
  protected get label(): string {
    return `${this.className} '${this.name}'`;
  }

  /**
   * Combines the inputs (already brought to one rank for elementwise
   * merges). When {@link Merge.usesCallMasks}, `masks` holds one boolean
   * mask per input, broadcast to `outputShape`, or is `null` when no input
   * has a mask; otherwise it is always `null`. The result is
   * the caller's; intermediates may be left to the surrounding `tidy`.
   */
  protected abstract mergeFunction(inputs: Tensor[], masks: MergeMasks | null, outputShape: number[]): Tensor;

  /**
   * The output shape for a list of input shapes (batch dimension first).
   * Throws a `ShapeError` naming the layer and the shapes when they cannot
   * be merged. The base version applies the elementwise broadcasting rules.
   */
  protected mergedShape(shapes: Shape[]): Shape {
    for (const s of shapes) {
      if (s.length === 0) {
        throw new ShapeError(
          `${this.label}: every input needs a batch axis, got a scalar among the input shapes ${shapeList(shapes)}.`,
        );
      }
    }
    const batch = this.batchSize(shapes);
    let sample: Shape | null = shapes[0].slice(1);
    for (let i = 1; i < shapes.length && sample !== null; i++) {
      sample = elementwiseShape(sample, shapes[i].slice(1));
    }
    if (sample === null) {
      throw new ShapeError(
        `${this.label}: inputs have incompatible shapes ${shapeList(shapes)}. The sample shapes (after the batch axis) ` +
          'must be equal or broadcast (aligned on the last axes, sizes equal or 1).',
      );
    }
    return [batch, ...sample];
  }

  /** The common batch size of `shapes`: the one known size, or null; a ShapeError when two known sizes differ. */
  protected batchSize(shapes: Shape[]): number | null {
    const known = new Set(shapes.map((s) => s[0]).filter((d): d is number => d !== null && d !== undefined));
    if (known.size > 1) {
      throw new ShapeError(
        `${this.label}: cannot merge tensors with different batch sizes (${[...known].join(' and ')}); ` +
          `got input shapes ${shapeList(shapes)}.`,
      );
    }
    return known.size === 1 ? [...known][0] : null;
  }

  /** Checks that `inputShape` is a list of shapes of an accepted length and returns it. */
  protected shapeListOf(inputShape: Shape | Shape[]): Shape[] {
    if (inputShape.length === 0 || !inputShape.every((s) => Array.isArray(s))) {
      throw new ValueError(
        `${this.label}: a merge layer must be called on a list of inputs, got one input of shape ` +
          `${shapeText(inputShape as Shape)}. Call it as layer.apply([a, b]).`,
      );
    }
    const shapes = inputShape as Shape[];
    this.checkCount(shapes.length, shapeList(shapes));
    return shapes;
  }

  private checkCount(n: number, what: string): void {
    const [min, max] = this.inputCountRange;
    if (n >= min && n <= max) return;
    const expected =
      min === max ? `exactly ${min} input${min === 1 ? '' : 's'}` : `at least ${min} input${min === 1 ? '' : 's'}`;
    throw new ValueError(`${this.label}: expected ${expected}, got ${n} (${what || 'none'}).`);
  }

  /** Checks the shapes only; merge layers have no weights (Keras's `build` "used purely for shape validation"). */
  override build(inputShape: Shape | Shape[]): void {
    this.mergedShape(this.shapeListOf(inputShape));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.mergedShape(this.shapeListOf(inputShape));
  }

  override call(inputs: Tensor[], options: CallOptions = {}): Tensor {
    if (!Array.isArray(inputs)) {
      const shape = (inputs as Tensor)?.shape ?? [];
      throw new ValueError(
        `${this.label}: a merge layer must be called on a list of inputs, got one tensor of shape ` +
          `${shapeText(shape)}. Call it as layer.apply([a, b]).`,
      );
    }
    const shapes = inputs.map((t) => [...t.shape] as Shape);
    this.checkCount(inputs.length, shapeList(shapes));
    const outputShape = this.mergedShape(shapes) as number[];
    this.maskList(inputs, options.mask); // every merge checks the form of the masks, even if it does not use them
    const masks = this.usesCallMasks ? this.callMasks(inputs, options.mask, outputShape) : null;
    let xs = inputs;
    if (this.equalizesRanks) {
      const rank = Math.max(...inputs.map((x) => x.rank));
      xs = inputs.map((x) => expandAfterBatch(x, rank - x.rank));
    }
    const out = this.mergeFunction(xs, masks, outputShape);
    // A merge of one input may give the input back: return a new handle, so disposing the output keeps the input.
    return inputs.includes(out) ? T.identity(out) : out;
  }

  /**
   * The masks of the call options as boolean tensors broadcast to
   * `outputShape` (a mask `[batch, timesteps]` of an input
   * `[batch, timesteps, features]` covers every feature), or null when
   * there are none.
   */
  private callMasks(inputs: Tensor[], mask: CallOptions['mask'], outputShape: number[]): MergeMasks | null {
    const masks = this.maskList(inputs, mask);
    if (masks === null || masks.every((m) => m === null)) return null;
    const rank = outputShape.length;
    return masks.map((m, i) => {
      if (m === null) return null;
      const x = inputs[i];
      let b = T.cast(m, 'bool');
      if (b.rank === x.rank - 1) b = T.expandDims(b, -1);
      const sameLead = b.rank === x.rank && b.shape.every((d, k) => d === x.shape[k] || d === 1);
      if (!sameLead) {
        throw new ShapeError(
          `${this.label}: the mask of input ${i} has shape ${shapeText(m.shape)}, which does not fit the input's shape ` +
            `${shapeText(x.shape)}. A mask covers the leading axes of its input (e.g. [batch, timesteps] for [batch, timesteps, features]).`,
        );
      }
      if (this.equalizesRanks) b = expandAfterBatch(b, rank - b.rank);
      return T.broadcastTo(b, outputShape);
    });
  }

  /** Checks a mask argument (null, or one entry per input) and returns it as a list, or null. */
  private maskList(inputs: readonly unknown[], mask: CallOptions['mask'] | undefined): MergeMasks | null {
    if (mask === null || mask === undefined) return null;
    if (!Array.isArray(mask)) {
      throw new ValueError(
        `${this.label}: mask must be a list with one entry (a tensor or null) per input, got a single tensor of shape ` +
          `${shapeText(mask.shape)}.`,
      );
    }
    if (mask.length !== inputs.length) {
      throw new ValueError(
        `${this.label}: got ${inputs.length} inputs but ${mask.length} masks; give one mask (or null) per input.`,
      );
    }
    return mask;
  }

  /**
   * The mask of the merged output, as Keras 3's `Merge.compute_mask`: null
   * when no mask is given or any input has none, otherwise the logical OR
   * of the masks (a position is kept when any input keeps it). The result
   * is a new tensor the caller disposes.
   *
   * @example
   * ```ts
   * const m = new Add().computeMask([a, b], [tensor([[true, false]]), tensor([[false, false]])]);
   * // [[true, false]]
   * ```
   */
  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | MergeMasks | null = null): Tensor | null {
    const masks = this.checkedMasks(inputs, mask);
    if (masks === null || masks.some((m) => m === null)) return null;
    return T.tidy(() => {
      let out = T.cast(masks[0] as Tensor, 'bool');
      for (const m of masks.slice(1)) out = T.logicalOr(out, T.cast(m as Tensor, 'bool'));
      return masks.length === 1 ? T.clone(out) : out;
    });
  }

  /** The checks of Keras's `compute_mask`: `mask` null or a list, `inputs` a list of the same length. */
  protected checkedMasks(inputs: Tensor | Tensor[], mask: Tensor | MergeMasks | null): MergeMasks | null {
    if (mask === null || mask === undefined) return null;
    if (!Array.isArray(inputs)) {
      throw new ValueError(`${this.label}: computeMask expects a list of inputs, got a single tensor.`);
    }
    return this.maskList(inputs, mask);
  }
}

/** `x` with `n` axes of size 1 inserted after the batch axis (Keras's `expand_dims(x, 1)`, n times). */
function expandAfterBatch(x: Tensor, n: number): Tensor {
  if (n <= 0) return x;
  return T.reshape(x, [x.shape[0], ...new Array<number>(n).fill(1), ...x.shape.slice(1)]);
}

/**
 * Folds `op` over `inputs`, leaving masked-out values out, as Keras's
 * `_apply_merge_op_and_or_mask` (for merges without an identity element,
 * `Maximum` and `Minimum`): where an input is masked out, the running
 * result stands in for it; where the running result is masked out, the
 * input does. `masks` are boolean and broadcast to the output shape.
 */
export function maskedReduce(op: (a: Tensor, b: Tensor) => Tensor, inputs: Tensor[], masks: MergeMasks | null): Tensor {
  let out = inputs[0];
  let outMask = masks?.[0] ?? null;
  for (let i = 1; i < inputs.length; i++) {
    let x = inputs[i];
    const m = masks?.[i] ?? null;
    if (m !== null) x = T.where(m, x, out);
    if (outMask !== null) out = T.where(outMask, out, x);
    outMask = m !== null && outMask !== null ? T.logicalOr(outMask, m) : null;
    out = op(out, x);
  }
  return out;
}
