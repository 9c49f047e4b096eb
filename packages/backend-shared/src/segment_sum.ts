/**
 * `out[ids[i] * inner + j] += x[i * inner + j]` for every id in
 * `[0, numSegments)` (others are dropped, as in tfjs): one pass of
 * UnsortedSegmentSum over `x`, into `out` (zeroed by the caller).
 *
 * @example
 * ```ts
 * const out = new Float32Array(4);
 * segmentSumInto(out, Float32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(1, 0, 1), 2, 2);
 * out; // [3, 4, 6, 8]
 * ```
 */
export function segmentSumInto(
  out: { [i: number]: number },
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  inner: number,
): void {
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (!(s >= 0 && s < numSegments)) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += x[src + j];
  }
}
