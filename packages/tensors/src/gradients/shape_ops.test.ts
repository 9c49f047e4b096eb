// Gradients of BatchMatMul (broadcast batch axes), Cumsum, Cumprod,
// MirrorPad, StridedSlice and TopK. Hand-derived values (exact in float32,
// compared to 1e-5) and finite differences through checkGradients (eps 1e-2,
// rtol 1e-2, atol 2e-3).
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';

/** Gradient of sum(f(x) * w). */
const gradOf = (f: (x: Tensor) => Tensor, x: Tensor, w: Tensor) =>
  tfc.grad((t: Tensor) => tfc.sum(tfc.mul(f(t), w)))(x);

const u = (shape: number[], seed: number, lo = -2, hi = 2) => tfc.randomUniform(shape, lo, hi, 'float32', seed);

describe('BatchMatMul with broadcast batch axes', () => {
  it('[2,1,2] @ [2,1]: the shared operand gets the sum over the batch', () => {
    const a = tfc.tensor([[[1, 3]], [[2, -1]]]);
    const b = tfc.tensor([[1], [2]]);
    const [da, db] = tfc.grads((x: Tensor, y: Tensor) => tfc.sum(tfc.matMul(x, y)))([a, b]);
    expectClose(da, [1, 2, 1, 2], 1e-5, [2, 1, 2]); // dy b^T per batch entry
    expectClose(db, [1 + 2, 3 - 1], 1e-5, [2, 1]); // sum over the batch of a^T dy
  });

  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    // tfjs's BatchMatMul kernels broadcast only when one operand's batch axes
    // hold a single matrix (their product is 1): [2,1] vs [3] gives wrong
    // values on cpu and wasm, so it is not among these cases.
    it(`transposeA ${ta}, transposeB ${tb}: batch axes [2,3] vs none, [1] vs [3], none vs [1,2], [2,1] vs [1,1]`, () => {
      const aShape = (batch: number[]) => [...batch, ...(ta ? [3, 2] : [2, 3])];
      const bShape = (batch: number[]) => [...batch, ...(tb ? [4, 3] : [3, 4])];
      const f = (x: Tensor, y: Tensor) => tfc.matMul(x, y, ta, tb);
      checkGradients(f, [u(aShape([2, 3]), 1), u(bShape([]), 2)]);
      checkGradients(f, [u(aShape([1]), 3), u(bShape([3]), 4)]);
      checkGradients(f, [u(aShape([]), 5), u(bShape([1, 2]), 6)]);
      checkGradients(f, [u(aShape([2, 1]), 7), u(bShape([1, 1]), 8)]);
    });
  }
});

describe('Cumsum', () => {
  const x = tfc.tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const w = tfc.tensor([
    [1, 10],
    [100, 1000],
    [10000, 100000],
  ]);

  it('along axis 0 of [3,2]: the reverse cumulative sum of dy, in the input shape', () => {
    // y0 = x0, y1 = x0 + x1, y2 = x0 + x1 + x2: dx_i = sum_{j >= i} w_j
    expectClose(
      gradOf((t) => tfc.cumsum(t, 0), x, w),
      [10101, 101010, 10100, 101000, 10000, 100000],
      1e-5,
      [3, 2],
    );
  });

  it('exclusive and reverse along axis 0', () => {
    // exclusive: y0 = 0, y1 = x0, y2 = x0 + x1: dx_i = sum_{j > i} w_j
    expectClose(
      gradOf((t) => tfc.cumsum(t, 0, true), x, w),
      [10100, 101000, 10000, 100000, 0, 0],
      1e-5,
      [3, 2],
    );
    // reverse: y0 = x0 + x1 + x2, y1 = x1 + x2, y2 = x2: dx_i = sum_{j <= i} w_j
    expectClose(
      gradOf((t) => tfc.cumsum(t, 0, false, true), x, w),
      [1, 10, 101, 1010, 10101, 101010],
      1e-5,
      [3, 2],
    );
    // exclusive reverse: dx_i = sum_{j < i} w_j
    expectClose(
      gradOf((t) => tfc.cumsum(t, 0, true, true), x, w),
      [0, 0, 1, 10, 101, 1010],
      1e-5,
      [3, 2],
    );
  });

  it('middle and last axes of a rank-3 tensor, against finite differences', () => {
    checkGradients((t) => tfc.cumsum(t, 1), [u([2, 3, 2], 7)]);
    checkGradients((t) => tfc.cumsum(t, 1, true, true), [u([2, 3, 2], 8)]);
    checkGradients((t) => tfc.cumsum(t, 2, false, true), [u([2, 2, 3], 9)]);
  });
});

describe('Cumprod', () => {
  it('[1, 2, 3]: dx_i = sum over j >= i of prod_{k <= j, k != i} x_k', () => {
    expectClose(
      gradOf((t) => tfc.cumprod(t), tfc.tensor([1, 2, 3]), tfc.ones([3])),
      [1 + 2 + 6, 1 + 3, 2],
      1e-5,
      [3],
    );
  });

  it('exclusive and reverse, along any axis, against finite differences (entries away from 0)', () => {
    const x = () => tfc.mul(u([3, 4], 10, 0.5, 1.5), tfc.sign(u([3, 4], 11)));
    checkGradients((t) => tfc.cumprod(t, 1), [x()]);
    checkGradients((t) => tfc.cumprod(t, 0, true), [x()]);
    checkGradients((t) => tfc.cumprod(t, 1, false, true), [x()]);
    checkGradients((t) => tfc.cumprod(t, 0, true, true), [x()]);
  });

  it('a zero entry gives a finite gradient (0 there, as TensorFlow), exact elsewhere', () => {
    // y = [2, 0, 0]: dy/dx0 = 1 + x1 + x1 x2 = 1, dy/dx2 = x0 x1 = 0; at x1 TensorFlow's rule gives 0 (true value 8).
    const g = Array.from(gradOf((t) => tfc.cumprod(t), tfc.tensor([2, 0, 3]), tfc.ones([3])).dataSync());
    expect(g[0]).toBeCloseTo(1, 6);
    expect(g[2]).toBeCloseTo(0, 6);
    expect(Number.isFinite(g[1])).toBe(true);
  });
});

describe('MirrorPad', () => {
  const w = tfc.tensor([1, 2, 3, 4, 5, 6]);
  const x = tfc.tensor([7, 8, 9]);

  it("'reflect' [2, 1] of [x0, x1, x2] is [x2, x1, x0, x1, x2, x1]: copies add up", () => {
    expectClose(
      gradOf((t) => tfc.mirrorPad(t, [[2, 1]], 'reflect'), x, w),
      [3, 2 + 4 + 6, 1 + 5],
      1e-5,
      [3],
    );
  });

  it("'symmetric' [2, 1] of [x0, x1, x2] is [x1, x0, x0, x1, x2, x2]", () => {
    expectClose(
      gradOf((t) => tfc.mirrorPad(t, [[2, 1]], 'symmetric'), x, w),
      [2 + 3, 1 + 4, 5 + 6],
      1e-5,
      [3],
    );
  });

  it('both modes, several axes, the largest pads and unpadded axes, against finite differences', () => {
    for (const mode of ['reflect', 'symmetric'] as const) {
      const max = mode === 'reflect' ? 2 : 3;
      checkGradients(
        (t) =>
          tfc.mirrorPad(
            t,
            [
              [1, max],
              [0, 0],
              [max, 1],
            ],
            mode,
          ),
        [u([3, 2, 3], 12)],
      );
      checkGradients(
        (t) =>
          tfc.mirrorPad(
            t,
            [
              [0, 1],
              [2, 0],
            ],
            mode,
          ),
        [u([3, 4], 13)],
      );
    }
  });
});

describe('StridedSlice', () => {
  const x = tfc.tensor([10, 11, 12, 13, 14, 15]);
  const w = tfc.tensor([1, 2, 3]);

  it('stride 2 from 1: dy lands on entries 1, 3, 5', () => {
    expectClose(
      gradOf((t) => tfc.stridedSlice(t, [1], [6], [2]), x, w),
      [0, 1, 0, 2, 0, 3],
      1e-5,
      [6],
    );
  });

  it('stride -2 from 5: entries 5, 3, 1 in that order', () => {
    expectClose(
      gradOf((t) => tfc.stridedSlice(t, [5], [0], [-2]), x, w),
      [0, 3, 0, 2, 0, 1],
      1e-5,
      [6],
    );
  });

  it('begin/end masks, shrink and new axes, ellipsis and negative strides, against finite differences', () => {
    const t3 = () => u([3, 4, 5], 14);
    // [1:, ::2, -1:0:-2]
    checkGradients((t) => tfc.stridedSlice(t, [1, 0, -1], [0, 0, 0], [1, 2, -2], 0b010, 0b011), [t3()]);
    // [2, :, 1:4] (axis 0 shrunk)
    checkGradients((t) => tfc.stridedSlice(t, [2, 0, 1], [3, 0, 4], [1, 1, 1], 0b010, 0b010, 0, 0, 0b001), [t3()]);
    // [..., 3] (ellipsis, last axis shrunk)
    checkGradients((t) => tfc.stridedSlice(t, [0, 3], [0, 4], [1, 1], 0, 0, 0b01, 0, 0b10), [t3()]);
    // [:, newaxis, 1::3]
    checkGradients((t) => tfc.stridedSlice(t, [0, 0, 1], [0, 0, 0], [1, 1, 3], 0b101, 0b101, 0, 0b010), [t3()]);
    // an empty slice gives zeros (begin == end: tfjs's kernels fail on begin > end)
    expectClose(
      gradOf((t) => tfc.stridedSlice(t, [3], [3], [1]), x, tfc.ones([0])),
      [0, 0, 0, 0, 0, 0],
      1e-5,
      [6],
    );
  });
});

describe('TopK', () => {
  it('dy of each value goes to the index it came from, zeros elsewhere', () => {
    const x = tfc.tensor([
      [3, 1, 4, 2],
      [0, 5, -1, 2],
    ]);
    const w = tfc.tensor([
      [1, 2],
      [3, 4],
    ]);
    // row 0: values 4 (index 2), 3 (index 0); row 1: 5 (index 1), 2 (index 3)
    expectClose(
      gradOf((t) => tfc.topk(t, 2).values, x, w),
      [2, 0, 1, 0, 0, 3, 0, 4],
      1e-5,
      [2, 4],
    );
  });

  it('rank 1 and 3, k = 1 and k = n, unsorted, against finite differences', () => {
    const distinct = (n: number, shape: number[]) =>
      tfc.reshape(
        tfc.gather(
          tfc.mul(tfc.range(0, n), 0.1),
          tfc.tensor1d(
            [...Array(n).keys()].map((i) => (i * 7) % n),
            'int32',
          ),
        ),
        shape,
      );
    checkGradients((t) => tfc.topk(t, 3).values, [distinct(5, [5])]);
    checkGradients((t) => tfc.topk(t, 1).values, [distinct(24, [2, 3, 4])]);
    checkGradients((t) => tfc.topk(t, 4, false).values, [distinct(24, [2, 3, 4])]);
  });

  it('k = 0 gives a zero gradient', () => {
    expectClose(
      gradOf((t) => tfc.sum(tfc.topk(t, 0).values), tfc.tensor([1, 2, 3]), tfc.scalar(1)),
      [0, 0, 0],
      1e-5,
      [3],
    );
  });
});
