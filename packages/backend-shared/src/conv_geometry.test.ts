import { backend_util } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { geom2d, geom3d } from './conv_geometry.js';

describe('geom2d / geom3d', () => {
  it('reads a 2D convolution as depth 1', () => {
    const info = backend_util.computeConv2DInfo([2, 5, 6, 3], [3, 2, 3, 4], [2, 1], [1, 2], 'same');
    expect(geom2d(info)).toEqual({
      batch: 2,
      inD: 1,
      inH: 5,
      inW: 6,
      inC: 3,
      outD: 1,
      outH: 3,
      outW: 6,
      outC: 4,
      kD: 1,
      kH: 3,
      kW: 2,
      sD: 1,
      sH: 2,
      sW: 1,
      dD: 1,
      dH: 1,
      dW: 2,
      padF: 0,
      padT: 1, // total (3 - 1) * 2 + 3 - 5 = 2
      padL: 1, // effective kernel width 3, total 2
    });
  });
  it('reads a 3D pooling', () => {
    const info = backend_util.computePool3DInfo([1, 4, 4, 4, 2], [2, 2, 2], [2, 2, 2], 1, 'valid');
    expect(geom3d(info)).toMatchObject({
      inD: 4,
      outD: 2,
      outH: 2,
      outW: 2,
      kD: 2,
      sD: 2,
      dD: 1,
      inC: 2,
      outC: 2,
      padF: 0,
    });
  });
});
