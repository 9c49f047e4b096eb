/**
 * `Dot`: the batchwise dot product of two tensors along one axis of each.
 */
import { type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { shapeText } from '../layer-utils.js';
import { Merge, type MergeMasks } from './merge.js';

/** Options of {@link Dot}. */
export interface DotOptions extends LayerOptions {
  /**
   * The axis to sum over: one axis for both inputs, or `[axisOfFirst,
   * axisOfSecond]`. Negative axes count from the end; the batch axis (0)
   * cannot be one of them.
   */
  axes: number | [number, number];
  /**
   * L2-normalize each input along its dot axis first (default false), so
   * that the output is the cosine similarity of the two samples.
   */
  normalize?: boolean;
}

/** Keras's epsilon; L2 normalization clamps the squared norm at its square, as `keras.ops.normalize`. */
const EPSILON = 1e-7;

/**
 * The dot product of two tensors, sample by sample, as `keras.layers.Dot`
 * (Keras's `batch_dot`): for `x` of shape `[b, ...xs]` and `y` of shape
 * `[b, ...ys]`, it sums `x * y` over `x`'s axis `axes[0]` and `y`'s axis
 * `axes[1]` (which must have the same size), for each sample. The output
 * shape is `[b, ...xs without the axis, ...ys without the axis]`; when that
 * leaves only the batch axis, the output is `[b, 1]`.
 *
 * With `normalize: true`, each input is first divided by its L2 norm along
 * its dot axis (`x * rsqrt(max(sum(x²), 1e-14))`, as Keras), so that two
 * vectors give their cosine similarity.
 *
 * It takes exactly two inputs. Its output has no mask.
 *
 * @example
 * ```ts
 * new Dot({ axes: 1 }).apply([tensor([[1, 2]]), tensor([[3, 4]])]); // [[11]]
 * const x = Input({ shape: [5, 2] });
 * const y = Input({ shape: [2, 7] });
 * new Dot({ axes: [2, 1] }).apply([x, y]).shape; // [null, 5, 7]
 * new Dot({ axes: -1, normalize: true }).apply([a, b]); // cosine similarity, [batch, 1]
 * ```
 */
export class Dot extends Merge {
  static override readonly className: string = 'Dot';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'axes', 'normalize'];

  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(options: DotOptions) {
    super(options);
    const axes = options?.axes;
    const isAxis = (a: unknown) => Number.isInteger(a);
    const ok = isAxis(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(isAxis));
    if (!ok) {
      throw new ValueError(
        `Dot '${this.name}': axes must be an integer or a pair of integers [axisOfFirst, axisOfSecond], ` +
          `got ${JSON.stringify(axes)}.`,
      );
    }
    if (axes === 0 || (Array.isArray(axes) && axes.includes(0))) {
      throw new ValueError(
        `Dot '${this.name}': axes cannot include the batch axis 0, got ${JSON.stringify(axes)}. ` +
          'If your inputs have no batch axis, add one (expandDims(x, 0)).',
      );
    }
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : axes;
    const normalize = options.normalize ?? false;
    if (typeof normalize !== 'boolean') {
      throw new ValueError(`Dot '${this.name}': normalize must be a boolean, got ${JSON.stringify(normalize)}.`);
    }
    this.normalize = normalize;
  }

  protected override get inputCountRange(): [number, number] {
    return [2, 2];
  }

  protected override get equalizesRanks(): boolean {
    return false;
  }

  /** The two dot axes, non-negative, for inputs of ranks `r1` and `r2`. */
  private resolvedAxes(shapes: Shape[]): [number, number] {
    const pair = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    return [0, 1].map((i) => {
      const rank = shapes[i].length;
      const a = pair[i] < 0 ? pair[i] + rank : pair[i];
      if (a <= 0 || a >= rank) {
        throw new ShapeError(
          `${this.label}: axis ${pair[i]} of input ${i} (shape ${shapeText(shapes[i])}) is ` +
            `${a === 0 ? 'the batch axis, which cannot be summed over' : 'out of range'}. ` +
            `Use an axis in [1, ${rank - 1}] (or [${-(rank - 1)}, -1]).`,
        );
      }
      return a;
    }) as [number, number];
  }

  protected override mergedShape(shapes: Shape[]): Shape {
    const [s1, s2] = shapes;
    if (s1.length < 2 || s2.length < 2) {
      throw new ShapeError(
        `${this.label}: both inputs need rank >= 2 ([batch, ...]), got shapes ${shapeText(s1)} and ${shapeText(s2)}.`,
      );
    }
    const batch = this.batchSize(shapes);
    const [a1, a2] = this.resolvedAxes(shapes);
    const d1 = s1[a1];
    const d2 = s2[a2];
    if (d1 !== null && d2 !== null && d1 !== d2) {
      throw new ShapeError(
        `${this.label}: incompatible input shapes ${shapeText(s1)} and ${shapeText(s2)}: the dot axes have sizes ` +
          `${d1} (axis ${a1} of input 0) and ${d2} (axis ${a2} of input 1); they must be equal.`,
      );
    }
    const out: Shape = [
      batch,
      ...s1.filter((_, k) => k !== 0 && k !== a1),
      ...s2.filter((_, k) => k !== 0 && k !== a2),
    ];
    return out.length === 1 ? [batch, 1] : out;
  }

  protected override mergeFunction(inputs: Tensor[], _masks: MergeMasks | null, outputShape: number[]): Tensor {
    const [a1, a2] = this.resolvedAxes(inputs.map((t) => [...t.shape]));
    let [x, y] = inputs;
    if (this.normalize) {
      x = l2Normalize(x, a1);
      y = l2Normalize(y, a2);
    }
    return T.reshape(batchDot(x, y, a1, a2), outputShape);
  }

  /** Always null: the dot product has no mask, as in Keras. */
  override computeMask(_inputs: Tensor | Tensor[], _mask: Tensor | MergeMasks | null = null): Tensor | null {
    return null;
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      axes: Array.isArray(this.axes) ? [...this.axes] : this.axes,
      normalize: this.normalize,
    };
  }
}
registerSerializable(Dot);

/** `x * rsqrt(max(sum(x², axis), ε²))`: Keras's `ops.normalize(x, axis, order=2)`. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  const squareSum = T.sum(T.square(x), axis, true);
  return T.mul(x, T.rsqrt(T.maximum(squareSum, EPSILON * EPSILON)));
}

/**
 * Sums `x * y` over `x`'s axis `a1` and `y`'s axis `a2`, sample by sample:
 * `x` becomes `[b, m, d]` (its other axes flattened, the dot axis last), `y`
 * becomes `[b, d, n]`, and one batched matMul gives `[b, m, n]`. The caller
 * reshapes the result to `[b, ...x's other axes, ...y's other axes]`.
 */
function batchDot(x: Tensor, y: Tensor, a1: number, a2: number): Tensor {
  const moveTo = (rank: number, from: number, to: number): number[] => {
    const perm = [...Array(rank).keys()].filter((k) => k !== from);
    perm.splice(to, 0, from);
    return perm;
  };
  const xPerm = moveTo(x.rank, a1, x.rank - 1);
  const yPerm = moveTo(y.rank, a2, 1);
  const isIdentity = (p: number[]) => p.every((k, i) => k === i);
  const xt = isIdentity(xPerm) ? x : T.transpose(x, xPerm);
  const yt = isIdentity(yPerm) ? y : T.transpose(y, yPerm);
  const prod = (dims: number[]) => dims.reduce((n, k) => n * k, 1);
  const b = x.shape[0];
  const d = x.shape[a1];
  const x3 = T.reshape(xt, [b, prod(xt.shape.slice(1, -1)), d]);
  const y3 = T.reshape(yt, [b, d, prod(yt.shape.slice(2))]);
  return T.matMul(x3, y3);
}
