/**
 * Automatic differentiation: function transforms (`grad`, `grads`,
 * `valueAndGrad`, `valueAndGrads`), custom gradients, `stopGradient`, and a
 * {@link GradientTape} for code that is not shaped as one function.
 */
import { ShapeError, shapeString, ValueError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

function checkScalarOrDy(y: Tensor, dy: Tensor | undefined, op: string): void {
  if (dy === undefined && y.rank !== 0) {
    throw new ShapeError(
      `${op}: f returned a tensor of shape ${shapeString(y.shape)}; without dy the function must return a scalar. ` +
        'Reduce it (for example with sum or mean) or pass dy of the same shape.',
    );
  }
}

/**
 * The gradient of a scalar function of one tensor.
 *
 * @example
 * ```ts
 * const df = grad((x) => pow(x, 3));
 * df(scalar(2)); // 12
 * ```
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) =>
    tfc.tidy(() => {
      const { value, grads } = taped(() => f(x), [x], dy);
      checkScalarOrDy(value, dy, 'grad');
      return grads[0] ?? tfc.zerosLike(x);
    });
}

interface RecordingEngine {
  state: { gradientDepth: number; activeTape: Array<{ saved?: Tensor[] }> | null };
}

/**
 * `engine.gradients`, but when `f` (or the backward pass) throws, the
 * tensors the tape saved for the backward pass are freed: tfjs frees them
 * only after a successful backward pass, so every failed step leaked them.
 */
function taped(f: () => Tensor, xs: Tensor[], dy: Tensor | undefined): { value: Tensor; grads: Tensor[] } {
  const engine = tfc.engine();
  const state = (engine as unknown as RecordingEngine).state;
  const outermost = state.gradientDepth === 0;
  try {
    return engine.gradients(f, xs, dy, true);
  } catch (e) {
    if (outermost && state.activeTape !== null) {
      for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
      state.activeTape = null;
    }
    throw e;
  }
}

/** The gradients of a scalar function of several tensors. @example `grads((a, b) => mul(a, b))([a, b])` */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => {
    const { value, grads: g } = valueAndGradsOf(f, xs, dy, 'grads');
    value.dispose();
    return g;
  };
}

/** The value and gradient of a scalar function of one tensor. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const { value, grads: g } = valueAndGradsOf(f, [x], dy, 'valueAndGrad');
    return { value, grad: g[0] };
  };
}

function valueAndGradsOf(
  f: (...xs: Tensor[]) => Tensor,
  xs: Tensor[],
  dy: Tensor | undefined,
  op: string,
): { value: Tensor; grads: Tensor[] } {
  if (xs.length === 0) throw new ValueError(`${op}: expected at least one tensor to differentiate with respect to.`);
  return tfc.tidy(() => {
    const { value, grads: g } = taped(() => f(...xs), xs, dy);
    checkScalarOrDy(value, dy, op);
    return { value, grads: xs.map((x, i) => g[i] ?? tfc.zerosLike(x)) };
  });
}

/**
 * Value and gradients. Two forms:
 *
 * - `valueAndGrads(f, variables)` runs `f()` (no arguments) once and returns
 *   its value and the gradient with respect to each variable (or tensor). A
 *   variable that `f` does not use gets a zero gradient.
 * - `valueAndGrads(f)` returns a function of a tensor list, as tfjs does.
 *
 * @example
 * ```ts
 * const w = variable(scalar(0));
 * const { value, grads } = valueAndGrads(() => mean(square(sub(mul(x, w), y))), [w]);
 * ```
 */
export function valueAndGrads(f: () => Tensor, variables: Tensor[]): { value: Tensor; grads: Tensor[] };
export function valueAndGrads(
  f: (...xs: Tensor[]) => Tensor,
): (xs: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] };
export function valueAndGrads(
  f: (...xs: Tensor[]) => Tensor,
  variables?: Tensor[],
): { value: Tensor; grads: Tensor[] } | ((xs: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] }) {
  if (variables !== undefined) return valueAndGradsOf(() => f(), variables, undefined, 'valueAndGrads');
  return (xs, dy) => valueAndGradsOf(f, xs, dy, 'valueAndGrads');
}

/** What a {@link customGrad} function returns: the value and how to map dy to input gradients. */
export interface CustomGradResult {
  value: Tensor;
  gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
}

/**
 * Defines a function with its own gradient. `f` receives the inputs and a
 * `save` function for tensors the gradient needs.
 *
 * @example
 * ```ts
 * const clippedIdentity = customGrad((x, save) => {
 *   save([x]);
 *   return { value: clone(x), gradFunc: (dy) => clipByValue(dy, -1, 1) };
 * });
 * ```
 */
export function customGrad(f: (...args: never[]) => CustomGradResult): (...inputs: Tensor[]) => Tensor {
  return tfc.customGrad(f as unknown as Parameters<typeof tfc.customGrad>[0]) as (...inputs: Tensor[]) => Tensor;
}

const stopGradientOp = tfc.customGrad(((x: Tensor) => ({
  value: tfc.clone(x),
  gradFunc: (dy: Tensor) => tfc.zerosLike(dy),
})) as unknown as Parameters<typeof tfc.customGrad>[0]);

/** The same values, with a zero gradient: nothing flows back through it. */
export function stopGradient(x: Tensor): Tensor {
  return stopGradientOp(x) as Tensor;
}

/** A copy of `x` (a gradient passes through unchanged). */
export function clone(x: Tensor): Tensor {
  return tfc.clone(x);
}
