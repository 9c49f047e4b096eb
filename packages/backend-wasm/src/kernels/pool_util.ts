import type { ConvGeom } from './conv_util.js';

/**
 * For every output pixel of a channels-last max pool (3D; 2D is depth 1), the
 * flat input index of each channel's maximum: `arg[o]`, or -1 for a window
 * with no number in it. Ties go to the first maximum in scan order, or the
 * last with `lastOnTies`: tfjs's cpu kernels do the former in 2D and the
 * latter in 3D, and the gradients here agree with them.
 */
export function maxPoolArgmax(g: ConvGeom, x: Float32Array, lastOnTies: boolean): Int32Array {
  const { batch, inD, inH, inW, inC: C, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW } = g;
  const arg = new Int32Array(batch * outD * outH * outW * C).fill(-1);
  const best = new Float32Array(C);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, o += C) {
          best.fill(Number.NEGATIVE_INFINITY);
          for (let kd = 0; kd < kD; kd++) {
            const id = od * sD - g.padF + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * sH - g.padT + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * sW - g.padL + kw * dW;
                if (iw < 0 || iw >= inW) continue;
                const p = (((n * inD + id) * inH + ih) * inW + iw) * C;
                for (let c = 0; c < C; c++) {
                  const v = x[p + c];
                  if (v > best[c] || (lastOnTies && v === best[c])) {
                    best[c] = v;
                    arg[o + c] = p + c;
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return arg;
}
