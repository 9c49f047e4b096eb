import { type StridedSliceAttrs, slice_util, util } from '@tensorflow/tfjs-core';

/**
 * The output shape of a StridedSlice of a tensor of shape `xShape`, and
 * whether it is empty (a range with begin past end for its stride). tfjs's
 * kernels throw "Negative size values should be exactly -1" on an empty
 * range, where NumPy and TensorFlow return an empty tensor; the backends
 * return one themselves when `empty` is true.
 *
 * @example
 * ```ts
 * stridedSliceShape([4], { begin: [3], end: [1], strides: [1], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 });
 * // { shape: [0], empty: true }
 * ```
 */
export function stridedSliceShape(
  xShape: readonly number[],
  attrs: StridedSliceAttrs,
): { shape: number[]; empty: boolean } {
  const { finalShape } = slice_util.sliceInfo(
    xShape as number[],
    attrs.begin,
    attrs.end,
    attrs.strides,
    attrs.beginMask,
    attrs.endMask,
    attrs.ellipsisMask,
    attrs.newAxisMask,
    attrs.shrinkAxisMask,
  );
  return { shape: finalShape, empty: util.sizeFromShape(finalShape) === 0 };
}
