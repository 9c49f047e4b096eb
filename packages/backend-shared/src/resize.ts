/**
 * The source coordinates tfjs's forward resize kernels read for each output
 * row (or column), and the adjoints (gradients) built on them, so that both
 * backends' resize gradients are the exact adjoints of the forward passes,
 * `halfPixelCenters` included.
 */

function ratio(inSize: number, outSize: number, alignCorners: boolean): number {
  const corners = alignCorners && outSize > 1;
  return (corners ? inSize - 1 : inSize) / (corners ? outSize - 1 : outSize);
}

/** Bilinear taps along one axis: `out[i] = in[lo[i]] * (1 - frac[i]) + in[hi[i]] * frac[i]`. */
export interface BilinearTaps {
  /** The lower source coordinate of each output coordinate. */
  lo: Int32Array;
  /** The upper source coordinate of each output coordinate. */
  hi: Int32Array;
  /** The weight of `hi` (and `1 - frac` that of `lo`). */
  frac: Float64Array;
}

/**
 * Bilinear taps per output coordinate, as tfjs's ResizeBilinear reads them.
 *
 * @example
 * ```ts
 * bilinearTaps(2, 4, false, false); // lo [0, 0, 1, 1], hi [0, 1, 1, 1], frac [0, 0.5, 0, 0.5]
 * ```
 */
export function bilinearTaps(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): BilinearTaps {
  const r = ratio(inSize, outSize, alignCorners);
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = halfPixelCenters ? r * (i + 0.5) - 0.5 : r * i;
    lo[i] = Math.max(0, Math.floor(src));
    hi[i] = Math.min(inSize - 1, Math.ceil(src));
    frac[i] = src - lo[i];
  }
  return { lo, hi, frac };
}

/**
 * The input coordinate nearest-neighbor resizing copies for each output
 * coordinate, as tfjs's ResizeNearestNeighbor reads it.
 *
 * @example
 * ```ts
 * nearestTaps(2, 4, false, false); // [0, 0, 1, 1]
 * ```
 */
export function nearestTaps(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Int32Array {
  const r = ratio(inSize, outSize, alignCorners);
  const src = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const f = halfPixelCenters ? r * (i + 0.5) : r * i;
    let s = Math.min(inSize - 1, alignCorners ? Math.round(f) : Math.floor(f));
    if (halfPixelCenters) s = Math.max(0, s);
    src[i] = s;
  }
  return src;
}

/** The geometry of an NHWC resize gradient: images `[batch, inH, inW, channels]`, dy `[batch, outH, outW, channels]`. */
export interface ResizeGeometry {
  batch: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  channels: number;
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/**
 * Adds the resizeBilinear gradient of `dy` into `dx` (zeroed by the caller):
 * each `dy` goes to its four source pixels with the forward weights.
 *
 * @example
 * ```ts
 * const dx = new Float32Array(2); // one image of 1x2 pixels, 1 channel, resized to 1x4
 * bilinearAdjoint(Float32Array.of(1, 1, 1, 1), dx, { batch: 1, inH: 1, inW: 2, outH: 1, outW: 4, channels: 1, alignCorners: false, halfPixelCenters: false });
 * dx; // [1.5, 2.5]
 * ```
 */
export function bilinearAdjoint(dy: ArrayLike<number>, dx: Float32Array, g: ResizeGeometry): void {
  const { batch, inH, inW, outH, outW, channels: C } = g;
  const rows = bilinearTaps(inH, outH, g.alignCorners, g.halfPixelCenters);
  const cols = bilinearTaps(inW, outW, g.alignCorners, g.halfPixelCenters);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outH; r++) {
      const rf = rows.frac[r];
      const top = (n * inH + rows.lo[r]) * inW;
      const bot = (n * inH + rows.hi[r]) * inW;
      for (let c = 0; c < outW; c++, o += C) {
        const cf = cols.frac[c];
        const tl = (top + cols.lo[c]) * C;
        const tr = (top + cols.hi[c]) * C;
        const bl = (bot + cols.lo[c]) * C;
        const br = (bot + cols.hi[c]) * C;
        const wtl = (1 - rf) * (1 - cf);
        const wtr = (1 - rf) * cf;
        const wbl = rf * (1 - cf);
        const wbr = rf * cf;
        for (let d = 0; d < C; d++) {
          const v = dy[o + d];
          dx[tl + d] += v * wtl;
          dx[tr + d] += v * wtr;
          dx[bl + d] += v * wbl;
          dx[br + d] += v * wbr;
        }
      }
    }
  }
}

/**
 * Adds the resizeNearestNeighbor gradient of `dy` into `dx` (zeroed by the
 * caller): each `dy` goes to the one pixel the forward pass copied.
 *
 * @example
 * ```ts
 * const dx = new Float32Array(2);
 * nearestAdjoint(Float32Array.of(1, 2, 3, 4), dx, { batch: 1, inH: 1, inW: 2, outH: 1, outW: 4, channels: 1, alignCorners: false, halfPixelCenters: false });
 * dx; // [3, 7]
 * ```
 */
export function nearestAdjoint(dy: ArrayLike<number>, dx: Float32Array, g: ResizeGeometry): void {
  const { batch, inH, inW, outH, outW, channels: C } = g;
  const rows = nearestTaps(inH, outH, g.alignCorners, g.halfPixelCenters);
  const cols = nearestTaps(inW, outW, g.alignCorners, g.halfPixelCenters);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outH; r++) {
      const row = (n * inH + rows[r]) * inW;
      for (let c = 0; c < outW; c++, o += C) {
        const p = (row + cols[c]) * C;
        for (let d = 0; d < C; d++) dx[p + d] += dy[o + d];
      }
    }
  }
}

/**
 * The geometry of a resize gradient from the shapes of `images`
 * `[batch, inH, inW, channels]` and `dy` `[batch, outH, outW, channels]` and
 * the kernel's attributes.
 *
 * @example
 * ```ts
 * resizeGeometry([2, 3, 4, 5], [2, 6, 8, 5], { alignCorners: false, halfPixelCenters: true });
 * // { batch: 2, inH: 3, inW: 4, outH: 6, outW: 8, channels: 5, alignCorners: false, halfPixelCenters: true }
 * ```
 */
export function resizeGeometry(
  imagesShape: readonly number[],
  dyShape: readonly number[],
  attrs: { alignCorners?: boolean; halfPixelCenters?: boolean },
): ResizeGeometry {
  const [batch, inH, inW, channels] = imagesShape;
  const [, outH, outW] = dyShape;
  return {
    batch,
    inH,
    inW,
    outH,
    outW,
    channels,
    alignCorners: !!attrs.alignCorners,
    halfPixelCenters: !!attrs.halfPixelCenters,
  };
}
