import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeak, expectSameAsCpu, rand, run, runAndDispose, use } from '../test-setup.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup).
// Resizing is linear in the image, so its gradient G is the adjoint of the
// forward map F: sum(dy * F(x)) = sum(G(dy) * x) for every x and dy. That is
// checked for every mode against the forward kernel; tfjs's own gradient
// kernels (cpu and wasm) fail it with halfPixelCenters, and cpu's also for
// batch > 1 (nearest) and non-square images (bilinear), so they are compared
// only where they are right.

const modes: Array<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
];

const sizes: Array<[number[], [number, number]]> = [
  [
    [2, 3, 4, 2],
    [6, 9],
  ], // upsampling, non-integer factor in width
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
  describe(`${grad} (replaced: honors halfPixelCenters)`, () => {
    for (const [alignCorners, halfPixelCenters] of modes) {
      for (const [shape, size] of sizes) {
        it(`is the adjoint of ${forward}: ${shape} -> ${size}, alignCorners ${alignCorners}, halfPixelCenters ${halfPixelCenters}`, async () => {
          const x = rand(shape);
          const dy = rand([shape[0], size[0], size[1], shape[3]]);
          await use('wasm');
          const y = run(forward, { images: x }, { alignCorners, halfPixelCenters, size });
          const g = run(grad, { images: x, dy }, { alignCorners, halfPixelCenters, size });
          expect(g.shape).toEqual(shape);
          expectClose([dot(g.values, x.data)], [dot(dy.data, y.values)]);
        });
      }
      it(`matches cpu where cpu is right: alignCorners ${alignCorners}`, async () => {
        if (halfPixelCenters) return;
        const shape = forward === 'ResizeBilinear' ? [2, 4, 4, 3] : [1, 3, 4, 2];
        const size = forward === 'ResizeBilinear' ? [7, 7] : [6, 9];
        await expectSameAsCpu(
          grad,
          { images: rand(shape), dy: rand([shape[0], size[0], size[1], shape[3]]) },
          {
            alignCorners,
            halfPixelCenters,
            size,
          },
        );
      });
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
