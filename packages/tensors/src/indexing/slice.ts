/**
 * NumPy-style basic indexing: `slice(t, '1:3, ::-1, ...')`, and tfjs-style
 * begin/size slicing with {@link sliceRange}.
 *
 * The spec is parsed on the host; the work on the device is one contiguous
 * `slice`, then (only for steps other than 1) a pad/reshape/slice that keeps
 * every `step`-th element and a `reverse` for negative steps, then a reshape
 * that drops integer-indexed dimensions and inserts `newaxis` ones. Every one
 * of those ops has a gradient on every backend, so slicing is differentiable
 * (also to higher order). Nothing is read back from the device.
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

/**
 * An index item that inserts a new dimension of size 1 (NumPy's
 * `np.newaxis`). In a string spec write `newaxis` or `None`; in an array spec
 * use this constant (or `null`).
 *
 * @example `slice(tensor([1, 2, 3]), [newaxis, ':'])` has shape `[1, 3]`
 */
export const newaxis = 'newaxis';

/**
 * An index item that stands for as many full ranges `:` as it takes to index
 * every dimension (NumPy's `...`). At most one per spec.
 *
 * @example `slice(zeros([2, 3, 4]), [ellipsis, 0])` has shape `[2, 3]`
 */
export const ellipsis = '...';

/** A range `start:stop:step` as an object; a missing or null part takes its NumPy default. */
export interface SliceRange {
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}

/**
 * One item of an array spec: an integer (picks one index and drops the
 * dimension), a string in the string-spec syntax (`'1:3'`, `'::-1'`, `':'`,
 * `'...'`, `'newaxis'`), {@link newaxis}, {@link ellipsis}, `null` (a new
 * axis, as NumPy's `None`), or a {@link SliceRange}.
 */
export type IndexItem = number | string | null | SliceRange;

/** A whole index: a string such as `'1:3, :2'`, a single integer, or an array of {@link IndexItem}s. */
export type IndexSpec = string | number | readonly IndexItem[];

type Item =
  | { kind: 'index'; index: number }
  | { kind: 'range'; start?: number; stop?: number; step?: number }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' };

const INTEGER = /^[+-]?\d+$/;
const SYNTAX =
  "Expected comma-separated items, each an integer ('1', '-1'), a range 'start:stop:step' with any part " +
  "left out (':', '1:3', '-2:', '::-1'), '...' or 'newaxis' (also 'None').";

function specString(spec: IndexSpec): string {
  if (typeof spec === 'string') return spec;
  if (typeof spec === 'number') return String(spec);
  if (!Array.isArray(spec)) return String(spec);
  const item = (x: IndexItem): string => {
    if (x === null) return 'None';
    if (Array.isArray(x)) return `[${x.join(', ')}]`;
    if (typeof x === 'string') return x;
    if (typeof x === 'object') return `${x.start ?? ''}:${x.stop ?? ''}${x.step == null ? '' : `:${x.step}`}`;
    return String(x);
  };
  return (spec as IndexItem[]).map(item).join(', ');
}

function parseItem(text: string, k: number, spec: string): Item {
  if (text === '...' || text === 'Ellipsis') return { kind: 'ellipsis' };
  if (text === 'newaxis' || text === 'None' || text === 'np.newaxis' || text === 'tf.newaxis') {
    return { kind: 'newaxis' };
  }
  if (INTEGER.test(text)) return { kind: 'index', index: Number(text) };
  const parts = text.split(':').map((p) => p.trim());
  if ((parts.length === 2 || parts.length === 3) && parts.every((p) => p === '' || INTEGER.test(p))) {
    const [start, stop, step] = parts.map((p) => (p === '' || p === undefined ? undefined : Number(p)));
    return { kind: 'range', start, stop, step };
  }
  throw new ValueError(
    `slice: cannot parse ${text === '' ? 'an empty item' : `'${text}'`} (item ${k}) in spec '${spec}'. ${SYNTAX}`,
  );
}

function parseText(text: string, spec: string, first: number): Item[] {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1).trim();
  if (s === '') return [];
  return s.split(',').map((part, k) => parseItem(part.trim(), first + k, spec));
}

function parseSpec(spec: IndexSpec, shown: string): Item[] {
  if (typeof spec === 'string') return parseText(spec, shown, 0);
  const list: readonly unknown[] = typeof spec === 'number' ? [spec] : Array.isArray(spec) ? spec : [spec];
  const items: Item[] = [];
  list.forEach((x) => {
    const k = items.length;
    if (x === null || x === newaxis) items.push({ kind: 'newaxis' });
    else if (typeof x === 'number') {
      if (!Number.isInteger(x)) {
        throw new ValueError(`slice: item ${k} of spec '${shown}' is ${x}. Expected an integer index. ${SYNTAX}`);
      }
      items.push({ kind: 'index', index: x });
    } else if (typeof x === 'string') items.push(...parseText(x, shown, k));
    else if (Array.isArray(x)) {
      throw new ValueError(
        `slice: item ${k} of spec '${shown}' is an array. Integer-array (advanced) indexing is not part of slice(); ` +
          'use gather(x, indices, axis) or gatherND(x, indices).',
      );
    } else if (x instanceof tfc.Tensor) {
      throw new ValueError(
        `slice: item ${k} of spec '${shown}' is a tensor. Index with tensors through gather(x, indices, axis), ` +
          'gatherND(x, indices) or booleanMask(x, mask).',
      );
    } else if (typeof x === 'object' && x !== null) {
      const extra = Object.keys(x).filter((key) => key !== 'start' && key !== 'stop' && key !== 'step');
      if (extra.length > 0) {
        throw new ValueError(
          `slice: item ${k} of spec '${shown}' has unknown key(s) ${extra.join(', ')}. Expected a range object ` +
            '{ start?, stop?, step? }.',
        );
      }
      const r = x as SliceRange;
      const part = (v: unknown, name: string): number | undefined => {
        if (v === undefined || v === null) return undefined;
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw new ValueError(
            `slice: item ${k} of spec '${shown}' has ${name} ${String(v)}. Expected an integer, null or undefined.`,
          );
        }
        return v;
      };
      items.push({
        kind: 'range',
        start: part(r.start, 'start'),
        stop: part(r.stop, 'stop'),
        step: part(r.step, 'step'),
      });
    } else {
      throw new ValueError(`slice: item ${k} of spec '${shown}' is ${String(x)} (${typeof x}). ${SYNTAX}`);
    }
  });
  return items;
}

/** Per input dimension: first selected index, number selected, step; and the output shape. */
interface Plan {
  start: number[];
  count: number[];
  step: number[];
  outShape: number[];
}

function plan(shape: readonly number[], items: Item[], shown: string): Plan {
  const rank = shape.length;
  const consuming = items.filter((it) => it.kind === 'index' || it.kind === 'range').length;
  const ellipses = items.filter((it) => it.kind === 'ellipsis').length;
  if (ellipses > 1) {
    throw new ValueError(`slice: spec '${shown}' has ${ellipses} ellipses ('...'). Expected at most one.`);
  }
  if (consuming > rank) {
    throw new ShapeError(
      `slice: spec '${shown}' indexes ${consuming} dimensions but the tensor of shape ${shapeString(shape)} has ` +
        `rank ${rank}. Expected at most ${rank} integer or range items ('newaxis' and '...' do not count).`,
    );
  }
  const p: Plan = { start: [], count: [], step: [], outShape: [] };
  let dim = 0;
  const full = () => {
    p.start.push(0);
    p.count.push(shape[dim]);
    p.step.push(1);
    p.outShape.push(shape[dim]);
    dim++;
  };
  for (const it of items) {
    if (it.kind === 'ellipsis') {
      for (let f = rank - consuming; f > 0; f--) full();
    } else if (it.kind === 'newaxis') {
      p.outShape.push(1);
    } else if (it.kind === 'index') {
      const d = shape[dim];
      if (it.index < -d || it.index >= d) {
        throw new ShapeError(
          `slice: index ${it.index} is out of range for dimension ${dim} of size ${d} ` +
            `(tensor shape ${shapeString(shape)}, spec '${shown}'). Expected an integer in [${-d}, ${d - 1}].`,
        );
      }
      p.start.push(it.index < 0 ? it.index + d : it.index);
      p.count.push(1);
      p.step.push(1);
      dim++;
    } else {
      const d = shape[dim];
      const step = it.step ?? 1;
      if (step === 0) {
        throw new ValueError(
          `slice: range step is 0 for dimension ${dim} in spec '${shown}'. Expected a non-zero step.`,
        );
      }
      // Python's slice.indices(): clamp into the dimension, defaults depend on the step's sign.
      const adjust = (v: number | undefined, dflt: number): number => {
        if (v === undefined) return dflt;
        if (v < 0) {
          v += d;
          if (v < 0) v = step < 0 ? -1 : 0;
        } else if (v >= d) v = step < 0 ? d - 1 : d;
        return v;
      };
      const s = adjust(it.start, step < 0 ? d - 1 : 0);
      const e = adjust(it.stop, step < 0 ? -1 : d);
      const n =
        step > 0 ? (e > s ? Math.floor((e - s - 1) / step) + 1 : 0) : s > e ? Math.floor((s - e - 1) / -step) + 1 : 0;
      p.start.push(s);
      p.count.push(n);
      p.step.push(step);
      p.outShape.push(n);
      dim++;
    }
  }
  while (dim < rank) full();
  return p;
}

function execute(t: Tensor, p: Plan): Tensor {
  const shape = t.shape;
  const rank = shape.length;
  const lo: number[] = [];
  const span: number[] = [];
  const strided: boolean[] = [];
  const padAfter: number[] = [];
  for (let i = 0; i < rank; i++) {
    const n = p.count[i];
    const s = Math.abs(p.step[i]);
    if (n === 0) {
      lo.push(0);
      span.push(0);
      strided.push(false);
      padAfter.push(0);
      continue;
    }
    const first = p.step[i] > 0 ? p.start[i] : p.start[i] + (n - 1) * p.step[i];
    const isStrided = n > 1 && s > 1;
    // With room to spare, take whole groups of `s` and skip the pad.
    const whole = isStrided && first + n * s <= shape[i];
    lo.push(first);
    span.push(isStrided && whole ? n * s : (n - 1) * s + 1);
    strided.push(isStrided);
    padAfter.push(isStrided && !whole ? s - 1 : 0);
  }
  let y = t;
  if (lo.some((b, i) => b !== 0 || span[i] !== shape[i])) y = tfc.slice(y, lo, span);
  if (strided.some(Boolean)) {
    if (padAfter.some((a) => a > 0)) {
      y = tfc.pad(
        y,
        padAfter.map((a) => [0, a] as [number, number]),
      );
    }
    const split: number[] = [];
    const keep: number[] = [];
    for (let i = 0; i < rank; i++) {
      if (strided[i]) {
        split.push(p.count[i], Math.abs(p.step[i]));
        keep.push(p.count[i], 1);
      } else {
        split.push(span[i]);
        keep.push(span[i]);
      }
    }
    y = tfc.slice(tfc.reshape(y, split), new Array<number>(split.length).fill(0), keep);
    y = tfc.reshape(y, p.count);
  }
  const reversed = p.count.map((n, i) => (n > 1 && p.step[i] < 0 ? i : -1)).filter((i) => i >= 0);
  if (reversed.length > 0) y = tfc.reverse(y, reversed);
  return tfc.reshape(y, p.outShape);
}

/**
 * NumPy-style basic indexing. The spec is a string of comma-separated items
 * (or an array of {@link IndexItem}s), one per dimension from the left:
 *
 * - `start:stop:step` ranges with any part left out; negative `start`/`stop`
 *   count from the end, a negative step walks backwards (`'::-1'` reverses);
 *   out-of-range bounds are clamped, as in NumPy.
 * - an integer picks one index and drops that dimension (`'0'`, `'-1'`); out
 *   of range is a {@link ShapeError}.
 * - `...` stands for as many `:` as needed; `newaxis` (or `None`) inserts a
 *   dimension of size 1.
 * - Dimensions not mentioned are kept whole.
 *
 * Always returns a new tensor; differentiable. Advanced (integer-array)
 * indexing is {@link gather} / {@link gatherND}; boolean masks are
 * {@link booleanMask}.
 *
 * @example
 * ```ts
 * const t = reshape(range(12), [3, 4]);
 * slice(t, '1:3, :2');      // [[4, 5], [8, 9]]
 * slice(t, '-1');           // [8, 9, 10, 11]
 * slice(t, '::2, ::-1');    // [[3, 2, 1, 0], [11, 10, 9, 8]]
 * slice(t, '..., newaxis'); // shape [3, 4, 1]
 * slice(t, [0, '1:3']);     // [1, 2]
 * ```
 */
export function slice(x: TensorInput, spec: IndexSpec): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'slice');
    const shown = specString(spec);
    return execute(t, plan(t.shape, parseSpec(spec, shown), shown));
  });
}

/**
 * TensorFlow.js-style slicing: `size[i]` elements from `begin[i]` along each
 * dimension. A size of -1 (or a missing entry) takes the rest of the
 * dimension; a missing `begin` entry is 0. Differentiable.
 *
 * @example `sliceRange(reshape(range(12), [3, 4]), [1, 0], [2, -1])` is `[[4, 5, 6, 7], [8, 9, 10, 11]]`
 */
export function sliceRange(
  x: TensorInput,
  begin: number | readonly number[],
  size?: number | readonly number[],
): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'sliceRange');
    const b = typeof begin === 'number' ? [begin] : [...begin];
    const s = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
    if (b.length > t.rank || s.length > t.rank) {
      throw new ShapeError(
        `sliceRange: begin has ${b.length} and size ${s.length} entries but x ${shapeString(t.shape)} has rank ${t.rank}. ` +
          'Expected at most one entry per dimension.',
      );
    }
    const begins: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < t.rank; i++) {
      const d = t.shape[i];
      const bi = b[i] ?? 0;
      const si = s[i] ?? -1;
      if (!Number.isInteger(bi) || bi < 0 || bi > d) {
        throw new ShapeError(
          `sliceRange: begin[${i}] is ${bi} but dimension ${i} of ${shapeString(t.shape)} has size ${d}. ` +
            `Expected an integer in [0, ${d}] (use slice() for negative, NumPy-style indices).`,
        );
      }
      const len = si === -1 ? d - bi : si;
      if (!Number.isInteger(len) || len < 0 || bi + len > d) {
        throw new ShapeError(
          `sliceRange: size[${i}] is ${si} with begin ${bi}, past the end of dimension ${i} of ${shapeString(t.shape)} ` +
            `(size ${d}). Expected 0 <= size <= ${d - bi}, or -1 for the rest of the dimension.`,
        );
      }
      begins.push(bi);
      sizes.push(len);
    }
    return tfc.slice(t, begins, sizes);
  });
}
