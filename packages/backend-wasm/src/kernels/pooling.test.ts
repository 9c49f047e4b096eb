import { describe, it } from 'vitest';
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

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu kernels.
// tfjs-backend-wasm's own MaxPoolGrad / MaxPool3D / MaxPool3DGrad fail these when windows overlap.

type Attrs = { filterSize: number | number[]; strides: number | number[]; pad: 'same' | 'valid' | number | number[][] };

/** Inputs with many ties (values from {-1, 0, 1}) check that the gradient picks the same maximum as cpu. */
function tied(shape: number[]): Data {
  const d = rand(shape);
  return { ...d, data: d.data.map((v) => Math.round(v)) };
}

async function gradInputs(kernel: 'MaxPool' | 'MaxPool3D', x: Data, attrs: Record<string, unknown>) {
  await use('cpu');
  const y = run(kernel, { x }, attrs);
  return { dy: rand(y.shape), input: x, output: { shape: y.shape, data: y.values, dtype: 'float32' } as Data };
}

const pool2d: Array<[string, number[], Attrs]> = [
  ['3 s1 same', [2, 5, 6, 3], { filterSize: 3, strides: 1, pad: 'same' }],
  ['3 s2 same', [3, 7, 6, 2], { filterSize: 3, strides: 2, pad: 'same' }],
  ['3 s2 valid', [2, 7, 7, 3], { filterSize: 3, strides: 2, pad: 'valid' }],
  ['2 s2 valid', [2, 6, 6, 3], { filterSize: 2, strides: 2, pad: 'valid' }],
  ['[2,3] s[1,2] same', [2, 5, 7, 2], { filterSize: [2, 3], strides: [1, 2], pad: 'same' }],
];

describe('MaxPoolGrad (replaced: wrong for overlapping windows)', () => {
  for (const [name, shape, a] of pool2d) {
    it(`matches cpu: ${name}`, async () => {
      const ins = await gradInputs('MaxPool', rand(shape), a);
      await expectSameAsCpu('MaxPoolGrad', ins, a);
    });
  }
  it('matches cpu with tied maxima', async () => {
    const a: Attrs = { filterSize: 3, strides: 1, pad: 'same' };
    const ins = await gradInputs('MaxPool', tied([2, 5, 6, 3]), a);
    await expectSameAsCpu('MaxPoolGrad', ins, a);
  });
});

const pool3d: Array<[string, number[], Attrs]> = [
  ['2 s1 valid', [2, 4, 5, 4, 3], { filterSize: 2, strides: 1, pad: 'valid' }],
  ['2 s1 same', [2, 4, 5, 4, 3], { filterSize: 2, strides: 1, pad: 'same' }],
  ['3 s2 same', [3, 5, 6, 5, 2], { filterSize: 3, strides: 2, pad: 'same' }],
  ['2 s2 valid', [2, 4, 6, 4, 2], { filterSize: 2, strides: 2, pad: 'valid' }],
  ['[2,3,2] s[1,2,1] same', [2, 4, 5, 4, 2], { filterSize: [2, 3, 2], strides: [1, 2, 1], pad: 'same' }],
];

describe('MaxPool3D (replaced: wrong for overlapping windows)', () => {
  for (const [name, shape, a] of pool3d) {
    it(`matches cpu: ${name}`, async () => {
      await expectSameAsCpu('MaxPool3D', { x: rand(shape) }, { ...a, dataFormat: 'NDHWC' });
    });
  }
});

/** Direct-loop max pool 3D gradient (no ties in random data, so the tie rule does not matter). */
function refMaxPool3dGrad(x: Data, dy: Data, a: Attrs): Float64Array {
  const info = tf.backend_util.computePool3DInfo(
    x.shape as [number, number, number, number, number],
    a.filterSize as number,
    a.strides as number,
    1,
    a.pad as 'same',
  );
  const [N, D, H, W, C] = x.shape;
  const dx = new Float64Array(x.data.length);
  let o = 0;
  for (let n = 0; n < N; n++)
    for (let od = 0; od < info.outDepth; od++)
      for (let oh = 0; oh < info.outHeight; oh++)
        for (let ow = 0; ow < info.outWidth; ow++)
          for (let c = 0; c < C; c++, o++) {
            let best = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let i = 0; i < info.filterDepth; i++)
              for (let j = 0; j < info.filterHeight; j++)
                for (let k = 0; k < info.filterWidth; k++) {
                  const z = od * info.strideDepth - info.padInfo.front + i;
                  const y = oh * info.strideHeight - info.padInfo.top + j;
                  const w = ow * info.strideWidth - info.padInfo.left + k;
                  if (z < 0 || z >= D || y < 0 || y >= H || w < 0 || w >= W) continue;
                  const p = (((n * D + z) * H + y) * W + w) * C + c;
                  if (x.data[p] > best) {
                    best = x.data[p];
                    at = p;
                  }
                }
            dx[at] += dy.data[o];
          }
  return dx;
}

describe('MaxPool3DGrad (replaced: wrong for overlapping windows)', () => {
  for (const [name, shape, a] of pool3d) {
    it(`matches a direct loop: ${name}`, async () => {
      const ins = await gradInputs('MaxPool3D', rand(shape), { ...a, dataFormat: 'NDHWC' });
      await use('wasm');
      expectClose(run('MaxPool3DGrad', ins, a).values, refMaxPool3dGrad(ins.input, ins.dy, a));
    });
  }
  // tfjs's cpu kernel mixes up filter height and width when they differ, so
  // only cubic windows are compared with it.
  for (const [name, shape, a] of pool3d.filter(([, , a]) => typeof a.filterSize === 'number')) {
    it(`matches cpu: ${name}`, async () => {
      const ins = await gradInputs('MaxPool3D', rand(shape), { ...a, dataFormat: 'NDHWC' });
      await expectSameAsCpu('MaxPool3DGrad', ins, a);
    });
  }
  it('matches cpu with tied maxima', async () => {
    const a: Attrs = { filterSize: 2, strides: 1, pad: 'same' };
    const ins = await gradInputs('MaxPool3D', tied([2, 4, 5, 4, 3]), { ...a, dataFormat: 'NDHWC' });
    await expectSameAsCpu('MaxPool3DGrad', ins, a);
  });
});

describe('max pooling kernels', () => {
  it('leak nothing', async () => {
    const a: Attrs = { filterSize: 3, strides: 1, pad: 'same' };
    const g2 = await gradInputs('MaxPool', rand([2, 5, 6, 3]), a);
    const g3 = await gradInputs('MaxPool3D', rand([2, 4, 5, 4, 3]), { ...a, dataFormat: 'NDHWC' });
    await expectNoLeak(() => {
      runAndDispose('MaxPoolGrad', g2, a);
      runAndDispose('MaxPool3D', { x: g3.input }, { ...a, dataFormat: 'NDHWC' });
      runAndDispose('MaxPool3DGrad', g3, a);
    });
  });
});
