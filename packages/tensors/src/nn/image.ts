/**
 * Image resizing (bilinear and nearest neighbour), differentiable with
 * respect to the images.
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkFloat, type DataFormat, isChannelsFirst, isTaping, moveChannels, tuple } from './util.js';

/** Options of {@link resizeBilinear} and {@link resizeNearestNeighbor}. */
export interface ResizeOptions {
  /**
   * Map the corner pixels of input and output onto each other (TensorFlow 1's
   * `align_corners`). Default false.
   */
  alignCorners?: boolean;
  /**
   * Sample at pixel centers (`(i + 0.5) * scale - 0.5`). Default: true unless
   * `alignCorners` is set, as Keras 3's `ops.image.resize` and TensorFlow 2's
   * `tf.image.resize` do (tfjs's own default is false).
   */
  halfPixelCenters?: boolean;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
}

type Image4D = Parameters<typeof tfc.image.resizeBilinear>[0];

/** Source coordinates of one output axis, exactly as tfjs's resize kernels compute them. */
function sourcePlan(
  kind: 'bilinear' | 'nearest',
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): { lo: Int32Array; hi: Int32Array; frac: Float32Array } {
  const ratio = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    if (kind === 'nearest') {
      const src = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
      let near = Math.min(inSize - 1, alignCorners ? Math.round(src) : Math.floor(src));
      if (halfPixelCenters) near = Math.max(0, near);
      lo[i] = near;
    } else {
      const src = halfPixelCenters ? ratio * (i + 0.5) - 0.5 : ratio * i;
      lo[i] = Math.max(0, Math.floor(src));
      hi[i] = Math.min(inSize - 1, Math.ceil(src));
      frac[i] = src - lo[i];
    }
  }
  return { lo, hi, frac };
}

/**
 * The same resize built from gathers and lerps, so that its gradient is
 * computed by GatherV2's (correct on every backend): tfjs-backend-cpu's
 * ResizeBilinearGrad and ResizeNearestNeighborGrad ignore halfPixelCenters,
 * and its ResizeBilinearGrad swaps height and width in the result's shape.
 */
function resizeByGather(
  kind: 'bilinear' | 'nearest',
  x: Tensor,
  size: [number, number],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Tensor {
  let y: Tensor = x;
  for (const axis of [1, 2]) {
    const plan = sourcePlan(kind, y.shape[axis] as number, size[axis - 1], alignCorners, halfPixelCenters);
    const lo = tfc.gather(y, tfc.tensor1d(plan.lo, 'int32'), axis);
    if (kind === 'nearest') {
      y = lo;
      continue;
    }
    const hi = tfc.gather(y, tfc.tensor1d(plan.hi, 'int32'), axis);
    const shape = [1, 1, 1, 1];
    shape[axis] = size[axis - 1];
    y = tfc.add(lo, tfc.mul(tfc.sub(hi, lo), tfc.tensor(plan.frac, shape, 'float32')));
  }
  return y;
}

function resize(
  op: string,
  kind: 'bilinear' | 'nearest',
  images: TensorInput,
  size: number | number[],
  options: ResizeOptions,
): Tensor {
  const [h, w] = tuple(size, 2, 'size', op);
  const alignCorners = options.alignCorners ?? false;
  const halfPixelCenters = options.halfPixelCenters ?? !alignCorners;
  if (alignCorners && halfPixelCenters) {
    throw new ValueError(`${op}: alignCorners and halfPixelCenters cannot both be true; choose one.`);
  }
  return tfc.tidy(() => {
    const t = toTensor(images, 'images', op);
    const cf = isChannelsFirst(options.dataFormat, op);
    if (t.rank !== 3 && t.rank !== 4) {
      throw new ShapeError(
        `${op}: images must have rank 4 ${cf ? '[batch, channels, height, width]' : '[batch, height, width, channels]'} ` +
          `or 3 (one image), got shape ${shapeString(t.shape)}.`,
      );
    }
    checkFloat(t, 'images', op);
    const batched = t.rank === 3 ? tfc.expandDims(t, 0) : t;
    const nhwc = cf ? moveChannels(batched) : batched;
    const f = kind === 'bilinear' ? tfc.image.resizeBilinear : tfc.image.resizeNearestNeighbor;
    let y: Tensor = isTaping()
      ? resizeByGather(kind, nhwc, [h, w], alignCorners, halfPixelCenters)
      : f(nhwc as Image4D, [h, w], alignCorners, halfPixelCenters);
    if (cf) y = moveChannels(y, true);
    return t.rank === 3 ? tfc.squeeze(y, [0]) : y;
  });
}

/**
 * Resizes images to `size` = `[height, width]` by bilinear interpolation.
 * By default samples at pixel centers (Keras 3 / TensorFlow 2 behaviour).
 *
 * @example
 * ```ts
 * resizeBilinear(images, [224, 224]); // [batch, 224, 224, channels]
 * ```
 */
export function resizeBilinear(images: TensorInput, size: number | number[], options: ResizeOptions = {}): Tensor {
  return resize('resizeBilinear', 'bilinear', images, size, options);
}

/**
 * Resizes images to `size` = `[height, width]` by taking the nearest input
 * pixel. By default samples at pixel centers (Keras 3 / TensorFlow 2 behaviour).
 *
 * @example
 * ```ts
 * resizeNearestNeighbor(images, [64, 64]);
 * ```
 */
export function resizeNearestNeighbor(
  images: TensorInput,
  size: number | number[],
  options: ResizeOptions = {},
): Tensor {
  return resize('resizeNearestNeighbor', 'nearest', images, size, options);
}
