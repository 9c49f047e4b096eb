/**
 * Input checks shared by every op: turn tensor-likes into tensors, refuse
 * disposed tensors and tensors from another backend, and name both shapes when
 * broadcasting fails. Each check costs a few property reads, never a device read.
 */
import { BackendError, DisposedTensorError, ShapeError, shapeString } from './errors.js';
import { type DataType, type Tensor, type TensorLike, tfc } from './tfjs.js';

/** Anything an op accepts where a tensor is expected. */
export type TensorInput = Tensor | TensorLike;

interface TensorRecord {
  backend: { constructor: { name: string } };
}

/** The name of the backend that holds a tensor's data, or undefined if unknown. */
/**
 * Whether `x` is a tensor (of any tfjs-core copy), as opposed to numbers,
 * nested arrays or typed arrays.
 *
 * @example
 * ```ts
 * isTensor(tensor([1])); // true
 * isTensor([1]);         // false
 * ```
 */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'dataId' in x && 'shape' in x && 'dtype' in x;
}

export function backendOf(t: Tensor): string | undefined {
  const engine = tfc.engine();
  const info = (engine.state.tensorInfo as unknown as WeakMap<object, TensorRecord>).get(t.dataId);
  if (info === undefined) return undefined;
  for (const name of Object.keys(engine.registry)) {
    if (engine.registry[name] === (info.backend as unknown)) return name;
  }
  return undefined;
}

/** Throws {@link DisposedTensorError} if `t` was disposed. */
export function assertLive(t: Tensor, arg: string, op: string): void {
  if (t.isDisposed) {
    const what = (t as { trainable?: boolean }).trainable !== undefined ? 'variable' : 'tensor';
    throw new DisposedTensorError(
      `${op}: argument '${arg}' is a ${what} of shape ${shapeString(t.shape)} that was already disposed. ` +
        `Expected a live tensor. Keep tensors you still need out of tidy() with keep(), or dispose them later.`,
    );
  }
}

/** Throws {@link BackendError} if `t` lives on a backend other than the active one. */
export function assertOnActiveBackend(t: Tensor, arg: string, op: string): void {
  const active = tfc.getBackend();
  const own = backendOf(t);
  if (own !== undefined && own !== active) {
    throw new BackendError(
      `${op}: argument '${arg}' lives on backend '${own}' but the active backend is '${active}'. ` +
        `Tensors from different backends cannot be mixed in one op. Copy it with toBackend(t) or ` +
        `create it after setBackend('${active}').`,
    );
  }
}

/** Converts a tensor-like to a tensor and checks that a given tensor is usable. */
export function toTensor(x: TensorInput, arg: string, op: string, dtype?: DataType): Tensor {
  if (x instanceof tfc.Tensor) {
    assertLive(x, arg, op);
    assertOnActiveBackend(x, arg, op);
    return x;
  }
  return tfc.tensor(x as TensorLike, undefined, dtype);
}

/**
 * The NumPy broadcast of two shapes, or a {@link ShapeError} naming both.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${shapeString(a)} and ${shapeString(b)} cannot be broadcast together ` +
          `(dimension ${i - rank} is ${da} vs ${db}). Expected equal sizes or 1 in each trailing dimension; ` +
          `reshape or expandDims one operand so that the dimensions line up.`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Normalizes a possibly negative axis and checks it against a rank. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ShapeError(
      `${op}: axis ${axis} is out of range for a tensor of rank ${rank}. ` +
        `Expected an integer in [${-rank}, ${Math.max(rank - 1, 0)}].`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}
