import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * The geometry of a channels-last convolution, in 3D; a 2D convolution is the
 * case depth = 1, so one im2col serves conv2d, conv1d (via conv2d) and conv3d.
 */
export interface ConvGeom {
  batch: number;
  inD: number;
  inH: number;
  inW: number;
  inC: number;
  outD: number;
  outH: number;
  outW: number;
  outC: number;
  kD: number;
  kH: number;
  kW: number;
  sD: number;
  sH: number;
  sW: number;
  dD: number;
  dH: number;
  dW: number;
  padF: number;
  padT: number;
  padL: number;
}

/** The geometry of a 2D convolution (from tfjs's `computeConv2DInfo`). */
export function geom2d(info: backend_util.Conv2DInfo): ConvGeom {
  return {
    batch: info.batchSize,
    inD: 1,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outD: 1,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kD: 1,
    kH: info.filterHeight,
    kW: info.filterWidth,
    sD: 1,
    sH: info.strideHeight,
    sW: info.strideWidth,
    dD: 1,
    dH: info.dilationHeight,
    dW: info.dilationWidth,
    padF: 0,
    padT: info.padInfo.top,
    padL: info.padInfo.left,
  };
}

/** The geometry of a 3D convolution (from tfjs's `computeConv3DInfo`). */
export function geom3d(info: backend_util.Conv3DInfo): ConvGeom {
  return {
    batch: info.batchSize,
    inD: info.inDepth,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outD: info.outDepth,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kD: info.filterDepth,
    kH: info.filterHeight,
    kW: info.filterWidth,
    sD: info.strideDepth,
    sH: info.strideHeight,
    sW: info.strideWidth,
    dD: info.dilationDepth,
    dH: info.dilationHeight,
    dW: info.dilationWidth,
    padF: info.padInfo.front,
    padT: info.padInfo.top,
    padL: info.padInfo.left,
  };
}
