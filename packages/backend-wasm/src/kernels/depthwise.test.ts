import { describe, expect, it } from 'vitest';
import {
  type Data,
  expectClose,
  expectNoLeak,
  expectSameAsCpu,
  rand,
  run,
  runAndDispose,
  tf,
  use,
} from '../test-setup.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu kernels,
// and against direct loops where the cpu kernels ignore dilations.

type Attrs = {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | number[][];
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

function dwCase(xShape: number[], filterShape: number[], a: Attrs) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    a.dilations,
    a.pad as 'same',
    a.dimRoundingMode,
    true,
  );
  return { x: rand(xShape), w: rand(filterShape), dy: rand(info.outShape), info };
}

const configs: Array<[string, number[], number[], Attrs]> = [
  ['3x3 s1 same m1', [2, 7, 8, 3], [3, 3, 3, 1], { strides: 1, pad: 'same', dilations: 1 }],
  ['3x3 s2 same m2', [2, 7, 8, 3], [3, 3, 3, 2], { strides: 2, pad: 'same', dilations: 1 }],
  ['3x3 s1 valid m3', [2, 7, 8, 3], [3, 3, 3, 3], { strides: 1, pad: 'valid', dilations: 1 }],
  ['3x3 s2 valid m1', [2, 7, 8, 3], [3, 3, 3, 1], { strides: 2, pad: 'valid', dilations: 1 }],
  ['5x5 s2 same m3 b3', [3, 9, 8, 4], [5, 5, 4, 3], { strides: 2, pad: 'same', dilations: 1 }],
  ['2x3 s(2,1) valid', [2, 6, 7, 5], [2, 3, 5, 1], { strides: [2, 1], pad: 'valid', dilations: 1 }],
  [
    'explicit pad',
    [2, 6, 7, 2],
    [3, 3, 2, 2],
    {
      strides: 1,
      pad: [
        [0, 0],
        [2, 0],
        [1, 2],
        [0, 0],
      ],
      dilations: 1,
    },
  ],
  ['wide channels', [2, 5, 5, 40], [3, 3, 40, 1], { strides: 1, pad: 'same', dilations: 1 }],
];

/** Direct-loop references for dilated depthwise gradients. */
function refs(info: ReturnType<typeof tf.backend_util.computeConv2DInfo>, x: Data, w: Data, dy: Data, mult: number) {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const dW = new Float64Array(info.filterHeight * info.filterWidth * C * mult);
  const dx = new Float64Array(N * H * W * C);
  for (let n = 0; n < N; n++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let kh = 0; kh < info.filterHeight; kh++)
          for (let kw = 0; kw < info.filterWidth; kw++) {
            const ih = oh * info.strideHeight - info.padInfo.top + kh * info.dilationHeight;
            const iw = ow * info.strideWidth - info.padInfo.left + kw * info.dilationWidth;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            for (let c = 0; c < C; c++)
              for (let q = 0; q < mult; q++) {
                const g = dy.data[((n * OH + oh) * OW + ow) * C * mult + c * mult + q];
                const t = ((kh * info.filterWidth + kw) * C + c) * mult + q;
                dW[t] += x.data[((n * H + ih) * W + iw) * C + c] * g;
                dx[((n * H + ih) * W + iw) * C + c] += w.data[t] * g;
              }
          }
  return { dW, dx };
}

describe('DepthwiseConv2dNativeBackpropFilter (added)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { x, dy } = dwCase(xs, fs, a);
      await expectSameAsCpu('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...a, filterShape: fs });
    });
  }
});

describe('DepthwiseConv2dNativeBackpropInput (added)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { w, dy } = dwCase(xs, fs, a);
      await expectSameAsCpu('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...a, inputShape: xs });
    });
  }
});

describe('depthwise gradients', () => {
  for (const [s, d, m] of [
    [1, 2, 1],
    [1, 2, 2],
    [2, 1, 2],
  ]) {
    it(`honor dilations ${d} at stride ${s}, multiplier ${m} (direct loop)`, async () => {
      const a: Attrs = { strides: s, pad: 'same', dilations: d };
      const { x, w, dy, info } = dwCase([2, 7, 8, 3], [3, 3, 3, m], a);
      const ref = refs(info, x, w, dy, m);
      await use('wasm');
      const gw = run('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...a, filterShape: w.shape });
      const gx = run('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...a, inputShape: x.shape });
      expect(gw.shape).toEqual(w.shape);
      expect(gx.shape).toEqual(x.shape);
      expectClose(gw.values, ref.dW, 'filter');
      expectClose(gx.values, ref.dx, 'input');
    });
  }

  it('leak nothing', async () => {
    const a: Attrs = { strides: 2, pad: 'same', dilations: 1 };
    const { x, w, dy } = dwCase([2, 7, 8, 3], [3, 3, 3, 2], a);
    await expectNoLeak(() => {
      runAndDispose('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...a, filterShape: w.shape });
      runAndDispose('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...a, inputShape: x.shape });
    });
  });
});
