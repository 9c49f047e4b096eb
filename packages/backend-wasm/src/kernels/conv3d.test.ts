import { afterEach, describe, it } from 'vitest';
import { type Data, expectNoLeak, expectSameAsCpu, rand, runAndDispose, tf } from '../test-setup.js';
import { DEFAULT_CHUNK_FLOATS, setChunkFloats } from './util.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu kernels.
// tfjs-backend-wasm's own Conv3DBackpropInputV2 / Conv3DBackpropFilterV2 fail these.

type Attrs = { strides: number | [number, number, number]; pad: 'same' | 'valid' };

function convCase(xShape: number[], filterShape: number[], a: Attrs): { x: Data; w: Data; dy: Data } {
  const info = tf.backend_util.computeConv3DInfo(
    xShape as [number, number, number, number, number],
    filterShape as [number, number, number, number, number],
    a.strides,
    1,
    a.pad,
  );
  return { x: rand(xShape), w: rand(filterShape), dy: rand(info.outShape) };
}

const configs: Array<[string, number[], number[], Attrs]> = [
  ['3x2x3 s1 same', [2, 5, 6, 5, 2], [3, 2, 3, 2, 3], { strides: 1, pad: 'same' }],
  ['3x2x3 s2 same', [2, 5, 6, 5, 2], [3, 2, 3, 2, 3], { strides: 2, pad: 'same' }],
  ['3x2x3 s2 valid', [2, 5, 6, 5, 2], [3, 2, 3, 2, 3], { strides: 2, pad: 'valid' }],
  ['3x3x3 s(1,2,1) same', [3, 4, 6, 5, 3], [3, 3, 3, 3, 2], { strides: [1, 2, 1], pad: 'same' }],
  ['1x1x1 s1 (pointwise)', [2, 3, 4, 3, 5], [1, 1, 1, 5, 4], { strides: 1, pad: 'valid' }],
];

afterEach(() => setChunkFloats(DEFAULT_CHUNK_FLOATS));

describe('Conv3D (replaced: im2col + matmul)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { x, w } = convCase(xs, fs, a);
      await expectSameAsCpu('Conv3D', { x, filter: w }, { ...a, dataFormat: 'NDHWC', dilations: 1 });
    });
  }
  it('matches cpu in many chunks', async () => {
    setChunkFloats(64);
    const { x, w } = convCase([2, 5, 6, 5, 2], [3, 2, 3, 2, 3], { strides: 1, pad: 'same' });
    await expectSameAsCpu('Conv3D', { x, filter: w }, { strides: 1, pad: 'same', dataFormat: 'NDHWC', dilations: 1 });
  });
});

describe('Conv3DBackpropFilterV2 (replaced: wrong for strides > 1)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { x, dy } = convCase(xs, fs, a);
      await expectSameAsCpu('Conv3DBackpropFilterV2', { x, dy }, { ...a, filterShape: fs });
    });
  }
  it('matches cpu in many chunks', async () => {
    setChunkFloats(64);
    const { x, dy } = convCase([2, 5, 6, 5, 2], [3, 2, 3, 2, 3], { strides: 2, pad: 'same' });
    await expectSameAsCpu(
      'Conv3DBackpropFilterV2',
      { x, dy },
      { strides: 2, pad: 'same', filterShape: [3, 2, 3, 2, 3] },
    );
  });
});

describe('Conv3DBackpropInputV2 (replaced: wrong)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`matches cpu: ${name}`, async () => {
      const { w, dy } = convCase(xs, fs, a);
      await expectSameAsCpu('Conv3DBackpropInputV2', { dy, filter: w }, { ...a, inputShape: xs });
    });
  }
  it('matches cpu in many chunks', async () => {
    setChunkFloats(64);
    const { w, dy } = convCase([2, 5, 6, 5, 2], [3, 2, 3, 2, 3], { strides: 2, pad: 'valid' });
    await expectSameAsCpu(
      'Conv3DBackpropInputV2',
      { dy, filter: w },
      { strides: 2, pad: 'valid', inputShape: [2, 5, 6, 5, 2] },
    );
  });
});

describe('conv3d kernels', () => {
  it('leak nothing', async () => {
    const a: Attrs = { strides: 2, pad: 'same' };
    const { x, w, dy } = convCase([2, 5, 6, 5, 2], [3, 2, 3, 2, 3], a);
    await expectNoLeak(() => {
      for (const chunk of [64, DEFAULT_CHUNK_FLOATS]) {
        setChunkFloats(chunk);
        runAndDispose('Conv3D', { x, filter: w }, { ...a, dataFormat: 'NDHWC', dilations: 1 });
        runAndDispose('Conv3DBackpropFilterV2', { x, dy }, { ...a, filterShape: w.shape });
        runAndDispose('Conv3DBackpropInputV2', { dy, filter: w }, { ...a, inputShape: x.shape });
      }
    });
  });
});
