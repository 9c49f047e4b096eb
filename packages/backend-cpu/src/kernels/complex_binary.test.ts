import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeak, tf, useCpu } from '../test-setup.js';

// Tolerance: 1e-5 relative/absolute (TOL in test-setup), against a direct
// loop over broadcast (re, im) pairs.

type Op = 'add' | 'sub' | 'mul';

/** A complex operand: `im` undefined for a real (float32) one. */
interface Operand {
  shape: number[];
  re: number[];
  im?: number[];
}

function operand(shape: number[], complex: boolean, seed: number): Operand {
  const n = shape.reduce((a, b) => a * b, 1);
  const re = Array.from({ length: n }, (_, i) => Math.sin(seed + i));
  const im = complex ? Array.from({ length: n }, (_, i) => Math.cos(2 * seed + i)) : undefined;
  return { shape, re, im };
}

function toTensor(x: Operand): tf.Tensor {
  return x.im === undefined ? tf.tensor(x.re, x.shape) : tf.complex(tf.tensor(x.re, x.shape), tf.tensor(x.im, x.shape));
}

/** NumPy broadcasting by hand: interleaved (re, im) of `a op b`. */
function reference(op: Op, a: Operand, b: Operand, outShape: number[]): number[] {
  const rank = outShape.length;
  const at = (x: Operand, loc: number[]) => {
    let i = 0;
    const off = rank - x.shape.length;
    for (let d = 0; d < x.shape.length; d++) i = i * x.shape[d] + (x.shape[d] === 1 ? 0 : loc[d + off]);
    return [x.re[i], x.im?.[i] ?? 0];
  };
  const out: number[] = [];
  const n = outShape.reduce((p, q) => p * q, 1);
  for (let i = 0; i < n; i++) {
    const loc: number[] = [];
    let r = i;
    for (let d = rank - 1; d >= 0; d--) {
      loc[d] = r % outShape[d];
      r = Math.floor(r / outShape[d]);
    }
    const [p, q] = at(a, loc);
    const [s, t] = at(b, loc);
    if (op === 'add') out.push(p + s, q + t);
    else if (op === 'sub') out.push(p - s, q - t);
    else out.push(p * s - q * t, p * t + q * s);
  }
  return out;
}

const cases: Array<[string, number[], boolean, number[], boolean, number[]]> = [
  ['[2, 3] with [3]', [2, 3], true, [3], true, [2, 3]],
  ['[2, 3] with a scalar', [2, 3], true, [], true, [2, 3]],
  ['[2, 1] with [1, 3]', [2, 1], true, [1, 3], true, [2, 3]],
  ['[3] with [2, 2, 3]', [3], true, [2, 2, 3], true, [2, 2, 3]],
  ['real [2, 3] with complex [3]', [2, 3], false, [3], true, [2, 3]],
  ['complex [4, 1] with real [2]', [4, 1], true, [2], false, [4, 2]],
  ['same shape [2, 3]', [2, 3], true, [2, 3], true, [2, 3]],
];

describe('Add, Sub, Multiply on complex64 (replaced: broadcasting)', () => {
  for (const op of ['add', 'sub', 'mul'] as const) {
    for (const [name, sa, ca, sb, cb, so] of cases) {
      it(`${op}: ${name}`, async () => {
        await useCpu();
        const a = operand(sa, ca, 1);
        const b = operand(sb, cb, 7);
        const got = tf.tidy(() => {
          const y = tf[op](toTensor(a), toTensor(b));
          expect(y.dtype).toBe('complex64');
          expect(y.shape).toEqual(so);
          return Array.from(y.dataSync());
        });
        expect(got.some(Number.isNaN)).toBe(false);
        expectClose(got, reference(op, a, b, so));
      });
    }
  }

  it('real dtypes still run the original kernels', async () => {
    await useCpu();
    const y = tf.tidy(() =>
      Array.from(tf.mul(tf.tensor([[1, 2]], [1, 2], 'int32'), tf.tensor([3], [1], 'int32')).dataSync()),
    );
    expect(y).toEqual([3, 6]);
  });

  it('leaks nothing', async () => {
    // tidy frees the tensors; the backend's data count still catches a kernel's lost intermediates.
    await expectNoLeak(() =>
      tf.tidy(() => {
        const a = toTensor(operand([2, 3], true, 1));
        const b = toTensor(operand([3], true, 2));
        tf.mul(a, b);
        tf.add(a, b);
        tf.sub(a, b);
      }),
    );
  });
});
