/**
 * Variables: mutable tensors that training updates in place.
 */
import { type TensorInput, toTensor } from './check.js';
import { type DType, nativeDType } from './dtypes.js';
import { ShapeError, shapeString } from './errors.js';
import { type Tensor, tfc, type Variable } from './tfjs.js';

/** Options of {@link variable}. */
export interface VariableOptions {
  /** Whether gradients flow to it (default true). */
  trainable?: boolean;
  /** A unique name (default: generated). */
  name?: string;
  /** The dtype (default: the initial value's). */
  dtype?: DType;
}

/**
 * A variable holding a copy of `initialValue`.
 *
 * @example
 * ```ts
 * const w = variable(zeros([3, 2]), { name: 'w' });
 * assignAdd(w, ones([3, 2]));
 * ```
 */
export function variable(initialValue: TensorInput, options: VariableOptions = {}): Variable {
  return tfc.tidy(() => {
    const init = toTensor(initialValue, 'initialValue', 'variable');
    const dtype = options.dtype === undefined ? undefined : nativeDType(options.dtype, 'variable');
    return tfc.variable(init, options.trainable ?? true, options.name, dtype);
  });
}

function checkSameShape(v: Variable, t: Tensor, op: string): void {
  if (v.shape.length !== t.shape.length || v.shape.some((d, i) => d !== t.shape[i])) {
    throw new ShapeError(
      `${op}: variable '${v.name}' has shape ${shapeString(v.shape)} but the value has shape ${shapeString(t.shape)}. ` +
        'Expected the same shape; a variable cannot change shape.',
    );
  }
}

/** Replaces the variable's value. */
export function assign(v: Variable, value: TensorInput): Variable {
  tfc.tidy(() => {
    const t = toTensor(value, 'value', 'assign', v.dtype);
    checkSameShape(v, t, 'assign');
    v.assign(t.dtype === v.dtype ? t : tfc.cast(t, v.dtype));
  });
  return v;
}

/** v += delta */
export function assignAdd(v: Variable, delta: TensorInput): Variable {
  tfc.tidy(() => {
    const t = toTensor(delta, 'delta', 'assignAdd', v.dtype);
    checkSameShape(v, t, 'assignAdd');
    v.assign(tfc.add(v, t));
  });
  return v;
}

/** v -= delta */
export function assignSub(v: Variable, delta: TensorInput): Variable {
  tfc.tidy(() => {
    const t = toTensor(delta, 'delta', 'assignSub', v.dtype);
    checkSameShape(v, t, 'assignSub');
    v.assign(tfc.sub(v, t));
  });
  return v;
}
