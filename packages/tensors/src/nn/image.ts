/**
 * Image resizing (bilinear and nearest neighbour), differentiable with
 * respect to the images.
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkFloat, type DataFormat, isChannelsFirst, moveChannels, tuple } from './util.js';

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
    let y: Tensor = f(nhwc as Image4D, [h, w], alignCorners, halfPixelCenters);
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
