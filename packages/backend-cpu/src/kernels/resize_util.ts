// The source coordinates tfjs's forward resize kernels read for each output
// row (or column), so that the gradients here are their exact adjoints,
// halfPixelCenters included. The same index math as @layerwise/backend-wasm's
// resize_util (packages share no code).

function ratio(inSize: number, outSize: number, alignCorners: boolean): number {
  const corners = alignCorners && outSize > 1;
  return (corners ? inSize - 1 : inSize) / (corners ? outSize - 1 : outSize);
}

/** Bilinear taps per output coordinate: `out = in[lo] * (1 - frac) + in[hi] * frac`. */
export function bilinearTaps(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): { lo: Int32Array; hi: Int32Array; frac: Float64Array } {
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

/** The input coordinate nearest-neighbor resizing copies for each output coordinate. */
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
