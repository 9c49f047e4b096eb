import type { ConvGeom } from './conv_geometry.js';

/**
 * The average-pool gradient (channels-last, 3D; 2D is depth 1): each `dy`
 * spreads evenly over the real (non-padded) cells of its window, because the
 * forward pass divides by their count, as Keras and TensorFlow do. `dx` must
 * be zeroed.
 */
export function avgPoolGrad(g: ConvGeom, dy: Float32Array, dx: Float32Array): void {
  const { batch, inD, inH, inW, inC: C, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW } = g;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let od = 0; od < outD; od++) {
      const d0 = od * sD - g.padF;
      for (let oh = 0; oh < outH; oh++) {
        const h0 = oh * sH - g.padT;
        for (let ow = 0; ow < outW; ow++, o += C) {
          const w0 = ow * sW - g.padL;
          let count = 0;
          for (let kd = 0; kd < kD; kd++) {
            const id = d0 + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = h0 + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = w0 + kw * dW;
                if (iw >= 0 && iw < inW) count++;
              }
            }
          }
          if (count === 0) continue;
          const scale = 1 / count;
          for (let kd = 0; kd < kD; kd++) {
            const id = d0 + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = h0 + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = w0 + kw * dW;
                if (iw < 0 || iw >= inW) continue;
                const p = (((n * inD + id) * inH + ih) * inW + iw) * C;
                for (let c = 0; c < C; c++) dx[p + c] += dy[o + c] * scale;
              }
            }
          }
        }
      }
    }
  }
}
