/**
 * StridedSlice (tfjs registers no gradient): dy goes back to the positions
 * the slice read, zeros elsewhere (TensorFlow's StridedSliceGrad). tfjs's
 * `slice_util.sliceInfo` resolves the masks, ellipsis, new and shrunk axes to
 * one begin, stride and count per input axis; dy, reshaped to those counts,
 * is then spread out one axis at a time.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type Attrs, type GradConfig, scatterStrided } from './util.js';

interface StridedSliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

export const stridedSliceGradConfig: GradConfig = {
  kernelName: 'StridedSlice',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const a = attrs as Attrs & StridedSliceAttrs;
    return {
      x: () => {
        const info = tfc.slice_util.sliceInfo(
          x.shape,
          a.begin,
          a.end,
          a.strides,
          a.beginMask,
          a.endMask,
          a.ellipsisMask,
          a.newAxisMask,
          a.shrinkAxisMask,
        );
        const counts = x.shape.map((_, i) => Math.max(0, Math.ceil((info.end[i] - info.begin[i]) / info.strides[i])));
        let g: Tensor = tfc.reshape(dy as Tensor, counts);
        x.shape.forEach((length, axis) => {
          g = scatterStrided(g, axis, info.begin[axis], info.strides[axis], length);
        });
        return g;
      },
    };
  },
};
