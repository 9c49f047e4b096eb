import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * For every output element of a grayscale dilation (NHWC): the window maximum
 * of `x + filter` (from `Number.MIN_SAFE_INTEGER`, as TensorFlow does), the
 * filter tap `h * filterWidth + w` that reached it and the input pixel's flat
 * index. Ties keep the first maximum, as tfjs's cpu kernels do.
 */
export function dilationArgmax(
  info: backend_util.Conv2DInfo,
  x: ArrayLike<number>,
  filter: ArrayLike<number>,
): { value: Float64Array; tap: Int32Array; pixel: Int32Array } {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, filterHeight, filterWidth } = info;
  const size = batchSize * outHeight * outWidth * C;
  const value = new Float64Array(size);
  const tap = new Int32Array(size);
  const pixel = new Int32Array(size);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * info.strideHeight - info.padInfo.top;
      for (let ow = 0; ow < outWidth; ow++, o += C) {
        const w0 = ow * info.strideWidth - info.padInfo.left;
        // Where the gradient goes when no tap is inside the input (tfjs's choice).
        const p0 = ((n * H + Math.min(H - 1, Math.max(0, h0))) * W + Math.min(W - 1, Math.max(0, w0))) * C;
        for (let c = 0; c < C; c++) {
          value[o + c] = Number.MIN_SAFE_INTEGER;
          tap[o + c] = c;
          pixel[o + c] = p0 + c;
        }
        for (let i = 0; i < filterHeight; i++) {
          const ih = h0 + i * info.dilationHeight;
          if (ih < 0 || ih >= H) continue;
          for (let j = 0; j < filterWidth; j++) {
            const iw = w0 + j * info.dilationWidth;
            if (iw < 0 || iw >= W) continue;
            const xp = ((n * H + ih) * W + iw) * C;
            const fp = (i * filterWidth + j) * C;
            for (let c = 0; c < C; c++) {
              const v = x[xp + c] + filter[fp + c];
              if (v > value[o + c]) {
                value[o + c] = v;
                tap[o + c] = fp + c;
                pixel[o + c] = xp + c;
              }
            }
          }
        }
      }
    }
  }
  return { value, tap, pixel };
}
