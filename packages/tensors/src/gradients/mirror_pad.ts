/**
 * MirrorPad ('reflect' and 'symmetric'): every padded cell is a copy of a
 * source cell, so the gradient of a source cell is its own dy plus the dy of
 * each of its mirror copies (TensorFlow's MirrorPadGrad). tfjs only sliced
 * the centre out of dy and dropped the copies' contributions. Done one axis
 * at a time: mirror padding is separable.
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { Attrs, GradConfig } from './util.js';

/** Folds the mirrored margins of `g` along `axis` back onto the `n` source cells. */
function foldAxis(g: Tensor, axis: number, before: number, after: number, n: number, offset: number): Tensor {
  const begin = g.shape.map(() => 0);
  const size = [...g.shape];
  const part = (start: number, length: number) => {
    begin[axis] = start;
    size[axis] = length;
    return tfc.slice(g, begin, size);
  };
  // Pads `t` along `axis` only.
  const padAxis = (t: Tensor, lo: number, hi: number) =>
    tfc.pad(
      t,
      t.shape.map((_, i): [number, number] => (i === axis ? [lo, hi] : [0, 0])),
    );
  let out = part(before, n);
  if (before > 0) {
    // Padded cell i < before copies source cell before - i - 1 + offset.
    out = tfc.add(out, padAxis(tfc.reverse(part(0, before), axis), offset, n - before - offset));
  }
  if (after > 0) {
    // Padded cell before + n + j copies source cell n - 1 - offset - j.
    out = tfc.add(out, padAxis(tfc.reverse(part(before + n, after), axis), n - after - offset, offset));
  }
  return out;
}

export const mirrorPadGradConfig: GradConfig = {
  kernelName: 'MirrorPad',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { paddings, mode } = attrs as Attrs & { paddings: Array<[number, number]>; mode: 'reflect' | 'symmetric' };
    // 'reflect' leaves the edge cell out of the mirror image, 'symmetric' repeats it.
    const offset = mode === 'reflect' ? 1 : 0;
    return {
      x: () =>
        paddings.reduce(
          (g, [before, after], axis) => foldAxis(g, axis, before, after, x.shape[axis], offset),
          dy as Tensor,
        ),
    };
  },
};
