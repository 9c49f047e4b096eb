import { describe, expect, it } from 'vitest';
import { bilinearAdjoint, bilinearTaps, nearestAdjoint, nearestTaps, resizeGeometry } from './resize.js';

const geom = { batch: 1, inH: 1, inW: 2, outH: 1, outW: 4, channels: 1, alignCorners: false, halfPixelCenters: false };

describe('bilinearTaps', () => {
  it('upsamples 2 -> 4 (plain, alignCorners, halfPixelCenters)', () => {
    const t = bilinearTaps(2, 4, false, false);
    expect(Array.from(t.lo)).toEqual([0, 0, 1, 1]);
    expect(Array.from(t.hi)).toEqual([0, 1, 1, 1]);
    expect(Array.from(t.frac)).toEqual([0, 0.5, 0, 0.5]);
    const a = bilinearTaps(2, 3, true, false); // ratio 1/2
    expect(Array.from(a.lo)).toEqual([0, 0, 1]);
    expect(Array.from(a.hi)).toEqual([0, 1, 1]);
    expect(Array.from(a.frac)).toEqual([0, 0.5, 0]);
    const h = bilinearTaps(2, 4, false, true); // src = 0.5 * (i + 0.5) - 0.5: -0.25, 0.25, 0.75, 1.25
    expect(Array.from(h.lo)).toEqual([0, 0, 0, 1]);
    expect(Array.from(h.hi)).toEqual([0, 1, 1, 1]);
    expect(Array.from(h.frac)).toEqual([-0.25, 0.25, 0.75, 0.25]);
  });
  it('uses the plain ratio for alignCorners with one output', () => {
    const t = bilinearTaps(3, 1, true, false);
    expect(Array.from(t.lo)).toEqual([0]);
    expect(Array.from(t.frac)).toEqual([0]);
  });
});

describe('nearestTaps', () => {
  it('upsamples and downsamples', () => {
    expect(Array.from(nearestTaps(2, 4, false, false))).toEqual([0, 0, 1, 1]);
    expect(Array.from(nearestTaps(4, 2, false, false))).toEqual([0, 2]);
    expect(Array.from(nearestTaps(3, 5, true, false))).toEqual([0, 1, 1, 2, 2]); // round(0, .5, 1, 1.5, 2)
    expect(Array.from(nearestTaps(4, 2, false, true))).toEqual([1, 3]); // floor(2 * 0.5), floor(2 * 1.5)
  });
});

describe('adjoints', () => {
  it('bilinearAdjoint spreads each dy over its taps', () => {
    const dx = new Float32Array(2);
    bilinearAdjoint(Float32Array.of(1, 1, 1, 1), dx, geom);
    expect(Array.from(dx)).toEqual([1.5, 2.5]);
  });
  it('nearestAdjoint adds each dy to the copied pixel, per batch and channel', () => {
    const dx = new Float32Array(2);
    nearestAdjoint(Float32Array.of(1, 2, 3, 4), dx, geom);
    expect(Array.from(dx)).toEqual([3, 7]);
    const dx2 = new Float32Array(8); // batch 2, 2 channels
    const dy = Float32Array.from({ length: 16 }, (_, i) => i);
    nearestAdjoint(dy, dx2, { ...geom, batch: 2, channels: 2 });
    // image 0: pixel 0 gets dy pixels 0, 1 (values 0+2, 1+3), pixel 1 gets 2, 3 (4+6, 5+7)
    expect(Array.from(dx2)).toEqual([2, 4, 10, 12, 18, 20, 26, 28]);
  });
});

describe('resizeGeometry', () => {
  it('reads the shapes and coerces the flags', () => {
    expect(resizeGeometry([2, 3, 4, 5], [2, 6, 8, 5], { halfPixelCenters: true })).toEqual({
      batch: 2,
      inH: 3,
      inW: 4,
      outH: 6,
      outW: 8,
      channels: 5,
      alignCorners: false,
      halfPixelCenters: true,
    });
  });
});
