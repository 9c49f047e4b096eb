import { describe, expect, it } from 'vitest';
import { type Data, expectClose, expectNoLeak, rand, run, runAndDispose, tf, useCpu } from '../test-setup.js';

// Tolerance: 1e-5 relative/absolute (TOL in test-setup), against direct loops and hand values.

/** Direct-loop matmul with numpy batch broadcasting; transposes on the last two axes. */
function refMatMul(a: Data, b: Data, tA: boolean, tB: boolean): { shape: number[]; values: Float64Array } {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = tA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = tA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = tB ? b.shape[rb - 2] : b.shape[rb - 1];
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const pa = [...new Array(outer.length - (ra - 2)).fill(1), ...a.shape.slice(0, -2)];
  const pb = [...new Array(outer.length - (rb - 2)).fill(1), ...b.shape.slice(0, -2)];
  const batches = outer.reduce((x, y) => x * y, 1);
  const values = new Float64Array(batches * m * n);
  for (let bi = 0; bi < batches; bi++) {
    let rem = bi;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    for (let d = outer.length - 1; d >= 0; d--) {
      const idx = rem % outer[d];
      rem = Math.floor(rem / outer[d]);
      ia += (pa[d] === 1 ? 0 : idx) * sa;
      ib += (pb[d] === 1 ? 0 : idx) * sb;
      sa *= pa[d];
      sb *= pb[d];
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const av = a.data[ia * m * k + (tA ? q * m + i : i * k + q)];
          const bv = b.data[ib * k * n + (tB ? j * k + q : q * n + j)];
          s += av * bv;
        }
        values[(bi * m + i) * n + j] = s;
      }
  }
  return { shape: [...outer, m, n], values };
}

describe('BatchMatMul (replaced: wrong when both batches broadcast)', () => {
  const cases: Array<[number[], number[], boolean, boolean]> = [
    [[2, 1, 3, 4], [3, 4, 5], false, false],
    [[1, 2, 3, 4], [3, 1, 4, 5], false, false],
    [[2, 1, 4, 3], [3, 5, 4], true, true],
    [[2, 3, 4], [2, 4, 5], false, false],
    [[3, 4], [2, 2, 4, 5], false, false],
  ];
  for (const [sa, sb, tA, tB] of cases) {
    it(`matches a direct loop: ${sa} x ${sb}${tA ? ' tA' : ''}${tB ? ' tB' : ''}`, async () => {
      await useCpu();
      const a = rand(sa);
      const b = rand(sb);
      const got = run('BatchMatMul', { a, b }, { transposeA: tA, transposeB: tB });
      const ref = refMatMul(a, b, tA, tB);
      expect(got.shape).toEqual(ref.shape);
      expectClose(got.values, ref.values);
    });
  }
  it('leaks nothing', async () => {
    await expectNoLeak(() => runAndDispose('BatchMatMul', { a: rand([2, 1, 3, 4]), b: rand([3, 4, 5]) }, {}));
  });
});

/** Direct-loop average-pool gradient that divides by the real (non-padded) cells of each window, as the forward pass. */
function refAvgPoolGrad(
  xShape: number[],
  dy: Data,
  k: number[],
  s: number[],
  pad: number[],
  outSp: number[],
): Float64Array {
  const [N, ...rest] = xShape;
  const C = rest[rest.length - 1];
  const inSp = rest.slice(0, -1);
  const dx = new Float64Array(xShape.reduce((a, b) => a * b, 1));
  const nd = inSp.length;
  const outCount = outSp.reduce((a, b) => a * b, 1);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < outCount; o++) {
      const oi: number[] = [];
      let r = o;
      for (let d = nd - 1; d >= 0; d--) {
        oi[d] = r % outSp[d];
        r = Math.floor(r / outSp[d]);
      }
      const cells: number[] = [];
      const taps = k.reduce((a, b) => a * b, 1);
      for (let t = 0; t < taps; t++) {
        let rt = t;
        let flat = 0;
        let inside = true;
        const ti: number[] = [];
        for (let d = nd - 1; d >= 0; d--) {
          ti[d] = rt % k[d];
          rt = Math.floor(rt / k[d]);
        }
        for (let d = 0; d < nd; d++) {
          const i = oi[d] * s[d] - pad[d] + ti[d];
          if (i < 0 || i >= inSp[d]) inside = false;
          flat = flat * inSp[d] + i;
        }
        if (inside) cells.push(flat);
      }
      for (const cell of cells)
        for (let c = 0; c < C; c++)
          dx[(n * inSp.reduce((a, b) => a * b, 1) + cell) * C + c] +=
            dy.data[(n * outCount + o) * C + c] / cells.length;
    }
  return dx;
}

describe("AvgPoolGrad / AvgPool3DGrad (replaced: divided by the full window under 'same')", () => {
  it('AvgPoolGrad: 3x3 stride 2 same on 5x6', async () => {
    await useCpu();
    const dy = rand([2, 3, 3, 2]);
    const got = run('AvgPoolGrad', { dy, input: rand([2, 5, 6, 2]) }, { filterSize: 3, strides: 2, pad: 'same' });
    expectClose(got.values, refAvgPoolGrad([2, 5, 6, 2], dy, [3, 3], [2, 2], [1, 0], [3, 3]));
  });
  it('AvgPoolGrad: hand values, 2x2 stride 1 same on 2x2', async () => {
    await useCpu();
    // Windows: (0,0) 4 cells, (0,1) 2, (1,0) 2, (1,1) 1; dy all ones.
    const dy: Data = { shape: [1, 2, 2, 1], data: new Float32Array([1, 1, 1, 1]), dtype: 'float32' };
    const got = run('AvgPoolGrad', { dy, input: rand([1, 2, 2, 1]) }, { filterSize: 2, strides: 1, pad: 'same' });
    expectClose(got.values, [0.25, 0.75, 0.75, 2.25]);
  });
  it('AvgPoolGrad: 3x3 stride 2 valid on 5x5', async () => {
    await useCpu();
    const dy = rand([2, 2, 2, 3]);
    const got = run('AvgPoolGrad', { dy, input: rand([2, 5, 5, 3]) }, { filterSize: 3, strides: 2, pad: 'valid' });
    expectClose(got.values, refAvgPoolGrad([2, 5, 5, 3], dy, [3, 3], [2, 2], [0, 0], [2, 2]));
  });
  it('AvgPool3DGrad: 2x3x2 stride [1, 2, 2] same on 3x5x4', async () => {
    await useCpu();
    const dy = rand([1, 3, 3, 2, 2]);
    const got = run(
      'AvgPool3DGrad',
      { dy, input: rand([1, 3, 5, 4, 2]) },
      { filterSize: [2, 3, 2], strides: [1, 2, 2], pad: 'same' },
    );
    expectClose(got.values, refAvgPoolGrad([1, 3, 5, 4, 2], dy, [2, 3, 2], [1, 2, 2], [0, 1, 0], [3, 3, 2]));
  });
  it('leaks nothing', async () => {
    await expectNoLeak(() => {
      runAndDispose(
        'AvgPoolGrad',
        { dy: rand([2, 3, 3, 2]), input: rand([2, 5, 6, 2]) },
        { filterSize: 3, strides: 2, pad: 'same' },
      );
      runAndDispose(
        'AvgPool3DGrad',
        { dy: rand([1, 3, 3, 2, 2]), input: rand([1, 3, 5, 4, 2]) },
        { filterSize: [2, 3, 2], strides: [1, 2, 2], pad: 'same' },
      );
    });
  });
});

const noMasks = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };

describe('StridedSlice (replaced: threw for an empty range)', () => {
  it('begin > end gives an empty result', async () => {
    await useCpu();
    expect(run('StridedSlice', { x: rand([10]) }, { begin: [5], end: [2], strides: [1], ...noMasks }).shape).toEqual([
      0,
    ]);
    const y = run('StridedSlice', { x: rand([4, 4]) }, { begin: [3, 0], end: [1, 4], strides: [1, 1], ...noMasks });
    expect(y.shape).toEqual([0, 4]);
  });
  it('non-empty slices are unchanged', async () => {
    await useCpu();
    const x = rand([4, 5]);
    const got = run('StridedSlice', { x }, { begin: [3, 0], end: [0, 5], strides: [-1, 2], ...noMasks });
    expect(got.shape).toEqual([3, 3]);
    const want = [3, 2, 1].flatMap((r) => [0, 2, 4].map((c) => x.data[r * 5 + c]));
    expectClose(got.values, want);
  });
});

describe('complex64 Slice (replaced: threw)', () => {
  it('slices real and imaginary parts', async () => {
    await useCpu();
    tf.tidy(() => {
      const c = tf.complex(tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor([7, 8, 9, 10, 11, 12], [2, 3]));
      const y = tf.slice(c, [0, 1], [2, 2]);
      expect(y.dtype).toBe('complex64');
      expect(Array.from(tf.real(y).dataSync())).toEqual([2, 3, 5, 6]);
      expect(Array.from(tf.imag(y).dataSync())).toEqual([8, 9, 11, 12]);
    });
  });
  it('leaks nothing', async () => {
    await expectNoLeak(() => {
      tf.tidy(() => {
        tf.slice(tf.complex(tf.ones([2, 3]), tf.zeros([2, 3])), [0, 1], [2, 2]);
      });
    });
  });
});
