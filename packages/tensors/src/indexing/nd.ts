/**
 * Differentiable `gatherND` / `scatterND` / `tensorScatterUpdate` kernels on
 * normalized shapes (indices `[n, k]`, updates `[n, ...tail]`). tfjs-core
 * registers no gradient for these kernels, so each wraps its kernel in a
 * custom gradient that is the other one: the gradient of a gather is a scatter
 * (which sums repeated indices) and vice versa. Internal to the package.
 */
import { type Tensor, tfc } from '../tfjs.js';

type Custom = (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
type Forward = (...args: Array<Tensor | ((save: Tensor[]) => void)>) => { value: Tensor; gradFunc: Custom };

/** `tfc.customGrad` typed for the kernels here: `f` gets the inputs and a save function last. */
export function custom(f: Forward): (...xs: Tensor[]) => Tensor {
  return tfc.customGrad(f as Parameters<typeof tfc.customGrad>[0]) as (...xs: Tensor[]) => Tensor;
}

/** `gatherND(x, indices)` for int32 indices of shape `[n, k]`; output `[n, ...x.shape.slice(k)]`. */
export function gatherNDKernel(x: Tensor, indices: Tensor): Tensor {
  const shape = x.shape;
  return custom((xx, save) => {
    (save as (s: Tensor[]) => void)([indices]);
    return {
      value: tfc.gatherND(xx as Tensor, indices),
      gradFunc: (dy, saved) => scatterNDKernel(saved[0], dy, shape),
    };
  })(x);
}

/** `scatterND(indices, updates, shape)` for indices `[n, k]` and updates `[n, ...shape.slice(k)]`; sums repeats. */
export function scatterNDKernel(indices: Tensor, updates: Tensor, shape: number[]): Tensor {
  return custom((u, save) => {
    (save as (s: Tensor[]) => void)([indices]);
    return {
      value: tfc.scatterND(indices, u as Tensor, shape),
      gradFunc: (dy, saved) => gatherNDKernel(dy, saved[0]),
    };
  })(updates);
}

/** `tensorScatterUpdate(t, indices, updates)` with gradients for `t` and `updates`. */
export function tensorScatterUpdateKernel(t: Tensor, indices: Tensor, updates: Tensor): Tensor {
  const updatesShape = updates.shape;
  return custom((tt, u, save) => {
    (save as (s: Tensor[]) => void)([indices]);
    return {
      value: tfc.tensorScatterUpdate(tt as Tensor, indices, u as Tensor),
      gradFunc: (dy, saved) => [
        tensorScatterUpdateKernel(dy, saved[0], tfc.zeros(updatesShape, dy.dtype)),
        gatherNDKernel(dy, saved[0]),
      ],
    };
  })(t, updates);
}
