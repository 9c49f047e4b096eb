/**
 * Printing. `formatTensor` renders a tensor the way TensorFlow does:
 *
 * ```text
 * Tensor(
 * [[1. 2.]
 *  [3. 4.]], shape=[2,2], dtype=float32)
 * ```
 *
 * Large tensors are abbreviated with `...` (the first and last three entries of
 * each long dimension). Every tensor's `toString()` uses it.
 */
import { type Tensor, tfc } from './tfjs.js';

/** Options of {@link formatTensor}. */
export interface FormatOptions {
  /** Tensors with more elements than this are abbreviated (default 1000). */
  threshold?: number;
  /** Entries shown at each end of an abbreviated dimension (default 3). */
  edgeItems?: number;
  /** Significant digits of floats (default 6). */
  precision?: number;
}

function formatNumber(v: number, isFloat: boolean, precision: number): string {
  if (!isFloat) return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const s = String(Number(v.toPrecision(precision)));
  return s;
}

/** The values of `t` as text, with shape and dtype, TensorFlow style. */
export function formatTensor(t: Tensor, options: FormatOptions = {}): string {
  const threshold = options.threshold ?? 1000;
  const edge = options.edgeItems ?? 3;
  const precision = options.precision ?? 6;
  if (t.isDisposed) return `Tensor(<disposed>, shape=[${t.shape.join(',')}], dtype=${t.dtype})`;
  const values = t.dtype === 'complex64' ? null : (t.dataSync() as ArrayLike<number | string | boolean>);
  const isFloat = t.dtype === 'float32';
  const abbreviate = t.size > threshold;
  const strides: number[] = [];
  let acc = 1;
  for (let i = t.rank - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= t.shape[i];
  }
  const render = (v: number | string | boolean): string => {
    if (t.dtype === 'bool') return v ? 'True' : 'False';
    if (t.dtype === 'string') return `'${String(v)}'`;
    return formatNumber(Number(v), isFloat, precision);
  };
  let body: string;
  if (values === null) {
    body = '<complex64 values: use real() and imag()>';
  } else {
    const cells: string[] = [];
    const indices = (n: number): Array<number | null> =>
      abbreviate && n > 2 * edge
        ? [...Array.from({ length: edge }, (_, i) => i), null, ...Array.from({ length: edge }, (_, i) => n - edge + i)]
        : Array.from({ length: n }, (_, i) => i);
    const collect = (dim: number, offset: number): void => {
      if (dim === t.rank) {
        cells.push(render(values[offset]));
        return;
      }
      for (const i of indices(t.shape[dim])) if (i !== null) collect(dim + 1, offset + i * strides[dim]);
    };
    collect(0, 0);
    const width = Math.max(1, ...cells.map((c) => c.length));
    let k = 0;
    const build = (dim: number, indent: string): string => {
      if (dim === t.rank) return cells[k++].padStart(width);
      const parts = indices(t.shape[dim]).map((i) => (i === null ? '...' : build(dim + 1, `${indent} `)));
      const sep = dim === t.rank - 1 ? ' ' : `${'\n'.repeat(t.rank - dim - 1)}${indent} `;
      return `[${parts.join(sep)}]`;
    };
    body = build(0, '');
  }
  const text = t.rank === 0 ? body : `\n${body}`;
  return `Tensor(${text}, shape=[${t.shape.join(',')}], dtype=${t.dtype})`;
}

// Every tensor prints this way, including through tfjs's own print().
const TensorClass = tfc.Tensor as unknown as { prototype: { toString(this: Tensor): string } };
TensorClass.prototype.toString = function toString(this: Tensor): string {
  return formatTensor(this);
};
