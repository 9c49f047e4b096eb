import { afterEach, describe, expect, it } from 'vitest';
import {
  type Data,
  expectClose,
  expectNoLeak,
  expectSameAsCpu,
  rand,
  refConvFilterGrad,
  refConvInputGrad,
  run,
  runAndDispose,
  tf,
  use,
} from '../test-setup.js';
import { DEFAULT_CHUNK_FLOATS, setChunkFloats } from './util.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu kernels.

type Attrs = {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | number[][];
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/** x, filter and dy (of the right output shape) for one conv2d configuration. */
function convCase(xShape: number[], filterShape: number[], a: Attrs): { x: Data; w: Data; dy: Data } {
  const format = a.dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast';
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad as 'same',
    a.dimRoundingMode,
    false,
    format,
  );
  return { x: rand(xShape), w: rand(filterShape), dy: rand(info.outShape) };
}

const configs: Array<[string, number[], number[], Attrs]> = [
  ['3x3 s1 same', [2, 7, 8, 3], [3, 3, 3, 4], { strides: 1, pad: 'same' }],
  ['3x3 s2 same', [2, 7, 8, 3], [3, 3, 3, 4], { strides: 2, pad: 'same' }],
  ['3x3 s2 valid', [2, 7, 8, 3], [3, 3, 3, 4], { strides: 2, pad: 'valid' }],
  ['2x3 s(1,2) valid', [3, 6, 9, 2], [2, 3, 2, 5], { strides: [1, 2], pad: 'valid' }],
  [
    'explicit pad s2',
    [2, 7, 8, 3],
    [3, 3, 3, 4],
    {
      strides: 2,
      pad: [
        [0, 0],
        [1, 2],
        [2, 1],
        [0, 0],
      ],
    },
  ],
  ['numeric pad + rounding', [2, 7, 8, 3], [3, 3, 3, 2], { strides: 2, pad: 1, dimRoundingMode: 'floor' }],
  ['1x1 s1 (pointwise)', [2, 5, 5, 6], [1, 1, 6, 4], { strides: 1, pad: 'valid' }],
  ['1x1 s2', [2, 5, 5, 6], [1, 1, 6, 4], { strides: 2, pad: 'valid' }],
  ['5x5 s2 same wide', [2, 9, 10, 20], [5, 5, 20, 7], { strides: 2, pad: 'same' }],
  ['conv1d-like 1x3', [4, 1, 11, 3], [1, 3, 3, 5], { strides: 1, pad: 'same' }],
  ['NCHW s2 same', [2, 3, 7, 8], [3, 3, 3, 4], { strides: 2, pad: 'same', dataFormat: 'NCHW' }],
  [
    'NCHW explicit',
    [2, 3, 7, 8],
    [3, 3, 3, 4],
    {
      strides: 1,
      pad: [
        [0, 0],
        [0, 0],
        [1, 0],
        [2, 1],
      ],
      dataFormat: 'NCHW',
    },
  ],
];

afterEach(() => setChunkFloats(DEFAULT_CHUNK_FLOATS));

describe('Conv2DBackpropFilter (added)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { x, dy } = convCase(xs, fs, a);
      await expectSameAsCpu('Conv2DBackpropFilter', { x, dy }, { dataFormat: 'NHWC', ...a, filterShape: fs });
    });
  }

  it('matches cpu with the im2col split into many chunks', async () => {
    setChunkFloats(100);
    const a: Attrs = { strides: 2, pad: 'same' };
    const { x, dy } = convCase([2, 7, 8, 3], [3, 3, 3, 4], a);
    await expectSameAsCpu('Conv2DBackpropFilter', { x, dy }, { dataFormat: 'NHWC', ...a, filterShape: [3, 3, 3, 4] });
  });

  it('honors dilations (checked against a direct loop; tfjs kernels ignore them)', async () => {
    const a: Attrs = { strides: 1, pad: 'same', dilations: 2 };
    const { x, dy } = convCase([2, 7, 8, 3], [3, 3, 3, 4], a);
    await use('wasm');
    const got = run('Conv2DBackpropFilter', { x, dy }, { dataFormat: 'NHWC', ...a, filterShape: [3, 3, 3, 4] });
    const ref = refConvFilterGrad(
      {
        n: 2,
        inShape: [1, 7, 8],
        outShape: [1, 7, 8],
        k: [1, 3, 3],
        s: [1, 1, 1],
        d: [1, 2, 2],
        pad: [0, 2, 2],
        ci: 3,
        co: 4,
      },
      x.data as Float32Array,
      dy.data as Float32Array,
    );
    expect(got.shape).toEqual([3, 3, 3, 4]);
    expectClose(got.values, ref);
  });

  it('fails loudly on a wrong answer (the comparison can fail)', async () => {
    const { x, dy } = convCase([1, 4, 4, 2], [3, 3, 2, 2], { strides: 1, pad: 'same' });
    const r = run(
      'Conv2DBackpropFilter',
      { x, dy },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 2] },
    );
    const wrong = r.values.map((v, i) => (i === 0 ? v + 0.01 : v));
    expect(() => expectClose(wrong, r.values)).toThrow();
  });

  it('leaks nothing (NHWC, NCHW, chunked)', async () => {
    const a: Attrs = { strides: 2, pad: 'same' };
    const nhwc = convCase([2, 7, 8, 3], [3, 3, 3, 4], a);
    const nchw = convCase([2, 3, 7, 8], [3, 3, 3, 4], { ...a, dataFormat: 'NCHW' });
    await expectNoLeak(() => {
      setChunkFloats(100);
      runAndDispose(
        'Conv2DBackpropFilter',
        { x: nhwc.x, dy: nhwc.dy },
        { ...a, dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] },
      );
      setChunkFloats(DEFAULT_CHUNK_FLOATS);
      runAndDispose(
        'Conv2DBackpropFilter',
        { x: nhwc.x, dy: nhwc.dy },
        { ...a, dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] },
      );
      runAndDispose(
        'Conv2DBackpropFilter',
        { x: nchw.x, dy: nchw.dy },
        { ...a, dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] },
      );
    });
  });
});

describe('Conv2DBackpropInput (replaced: faster)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { w, dy } = convCase(xs, fs, a);
      await expectSameAsCpu('Conv2DBackpropInput', { dy, filter: w }, { dataFormat: 'NHWC', ...a, inputShape: xs });
    });
  }

  it('matches cpu with the col2im split into many chunks', async () => {
    setChunkFloats(100);
    const a: Attrs = { strides: 2, pad: 'same' };
    const { w, dy } = convCase([2, 7, 8, 3], [3, 3, 3, 4], a);
    await expectSameAsCpu(
      'Conv2DBackpropInput',
      { dy, filter: w },
      { dataFormat: 'NHWC', ...a, inputShape: [2, 7, 8, 3] },
    );
  });

  for (const strides of [1, 2]) {
    it(`honors dilations at stride ${strides} (checked against a direct loop)`, async () => {
      const a: Attrs = { strides, pad: 'same', dilations: strides === 1 ? 2 : 1 };
      const { w, dy } = convCase([2, 7, 8, 3], [3, 3, 3, 4], a);
      await use('wasm');
      const got = run('Conv2DBackpropInput', { dy, filter: w }, { dataFormat: 'NHWC', ...a, inputShape: [2, 7, 8, 3] });
      const d = strides === 1 ? 2 : 1;
      const out = [1, dy.shape[1], dy.shape[2]];
      const info = tf.backend_util.computeConv2DInfo([2, 7, 8, 3], [3, 3, 3, 4], strides, d, 'same');
      const ref = refConvInputGrad(
        {
          n: 2,
          inShape: [1, 7, 8],
          outShape: out,
          k: [1, 3, 3],
          s: [1, strides, strides],
          d: [1, d, d],
          pad: [0, info.padInfo.top, info.padInfo.left],
          ci: 3,
          co: 4,
        },
        dy.data as Float32Array,
        w.data as Float32Array,
      );
      expect(got.shape).toEqual([2, 7, 8, 3]);
      expectClose(got.values, ref);
    });
  }

  it('leaks nothing (stride 1, strided, NCHW, chunked)', async () => {
    const s1 = convCase([2, 7, 8, 3], [3, 3, 3, 4], { strides: 1, pad: 'same' });
    const s2 = convCase([2, 7, 8, 3], [3, 3, 3, 4], { strides: 2, pad: 'same' });
    const nchw = convCase([2, 3, 7, 8], [3, 3, 3, 4], { strides: 2, pad: 'same', dataFormat: 'NCHW' });
    await expectNoLeak(() => {
      const attrs = { pad: 'same', dataFormat: 'NHWC', inputShape: [2, 7, 8, 3] };
      runAndDispose('Conv2DBackpropInput', { dy: s1.dy, filter: s1.w }, { ...attrs, strides: 1 });
      runAndDispose('Conv2DBackpropInput', { dy: s2.dy, filter: s2.w }, { ...attrs, strides: 2 });
      setChunkFloats(100);
      runAndDispose('Conv2DBackpropInput', { dy: s2.dy, filter: s2.w }, { ...attrs, strides: 2 });
      setChunkFloats(DEFAULT_CHUNK_FLOATS);
      runAndDispose(
        'Conv2DBackpropInput',
        { dy: nchw.dy, filter: nchw.w },
        { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 7, 8] },
      );
    });
  });
});

describe('Conv2D (replaced: adds NCHW)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { x, w } = convCase(xs, fs, a);
      await expectSameAsCpu('Conv2D', { x, filter: w }, { dataFormat: 'NHWC', dilations: 1, ...a });
    });
  }

  it('leaks nothing (NCHW)', async () => {
    const { x, w } = convCase([2, 3, 7, 8], [3, 3, 3, 4], { strides: 2, pad: 'same', dataFormat: 'NCHW' });
    await expectNoLeak(() =>
      runAndDispose('Conv2D', { x, filter: w }, { strides: 2, pad: 'same', dataFormat: 'NCHW', dilations: 1 }),
    );
  });
});
