import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeak, rand, run, runAndDispose, useCpu } from '../test-setup.js';

// Tolerance: 1e-5 relative/absolute (TOL in test-setup).
// Resizing is linear in the image, so its gradient G is the adjoint of the
// forward map F: sum(dy * F(x)) = sum(G(dy) * x) for every x and dy. tfjs's
// forward kernels are right in every mode; its cpu gradients fail this with
// halfPixelCenters, for batch > 1 (nearest) and return a transposed shape for
// non-square images (bilinear).

const modes: Array<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
];

const sizes: Array<[number[], [number, number]]> = [
  [
    [2, 3, 4, 2],
    [6, 9],
  ], // upsampling, non-square, non-integer factor in width
  [
    [2, 4, 4, 3],
    [8, 8],
  ], // x2, as UpSampling2D
  [
    [2, 5, 6, 2],
    [3, 4],
  ], // downsampling
  [
    [1, 1, 3, 1],
    [2, 7],
  ], // a single row
];

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

for (const [forward, grad] of [
  ['ResizeBilinear', 'ResizeBilinearGrad'],
  ['ResizeNearestNeighbor', 'ResizeNearestNeighborGrad'],
] as const) {
  describe(`${grad} (replaced)`, () => {
    for (const [alignCorners, halfPixelCenters] of modes) {
      for (const [shape, size] of sizes) {
        it(`is the adjoint of ${forward}: ${shape} -> ${size}, alignCorners ${alignCorners}, halfPixelCenters ${halfPixelCenters}`, async () => {
          await useCpu();
          const x = rand(shape);
          const dy = rand([shape[0], size[0], size[1], shape[3]]);
          const y = run(forward, { images: x }, { alignCorners, halfPixelCenters, size });
          const g = run(grad, { images: x, dy }, { alignCorners, halfPixelCenters, size });
          expect(g.shape).toEqual(shape);
          expectClose([dot(g.values, x.data)], [dot(dy.data, y.values)]);
        });
      }
    }
    it('leaks nothing', async () => {
      await expectNoLeak(() =>
        runAndDispose(
          grad,
          { images: rand([2, 3, 4, 2]), dy: rand([2, 6, 9, 2]) },
          { alignCorners: false, halfPixelCenters: true, size: [6, 9] },
        ),
      );
    });
  });
}

describe('resize gradients: hand values', () => {
  const f32 = (shape: number[], v: number[]) => ({ shape, data: Float32Array.from(v), dtype: 'float32' as const });

  it('bilinear, halfPixelCenters, width 2 -> 4: taps (1), (.75, .25), (.25, .75), (1)', async () => {
    await useCpu();
    const g = run(
      'ResizeBilinearGrad',
      { images: f32([1, 1, 2, 1], [0, 0]), dy: f32([1, 1, 4, 1], [1, 2, 3, 4]) },
      { alignCorners: false, halfPixelCenters: true },
    );
    expect(g.shape).toEqual([1, 1, 2, 1]);
    expectClose(g.values, [1 + 2 * 0.75 + 3 * 0.25, 2 * 0.25 + 3 * 0.75 + 4]);
  });

  it('nearest x2, batch 2: each pixel collects its own image`s 2x2 block', async () => {
    await useCpu();
    const dy = Array.from({ length: 32 }, (_, i) => i);
    const g = run(
      'ResizeNearestNeighborGrad',
      { images: f32([2, 2, 2, 1], new Array(8).fill(0)), dy: f32([2, 4, 4, 1], dy) },
      { alignCorners: false, halfPixelCenters: true },
    );
    const block = (n: number, r: number, c: number) =>
      [0, 1].flatMap((a) => [0, 1].map((b) => dy[n * 16 + (2 * r + a) * 4 + 2 * c + b])).reduce((s, v) => s + v, 0);
    const ref = [0, 1].flatMap((n) => [0, 1].flatMap((r) => [0, 1].map((c) => block(n, r, c))));
    expect(Array.from(g.values)).toEqual(ref);
  });
});
