/**
 * Activations by name: `getActivation('leaky_relu')` or `'leakyRelu'`, and
 * back from a function to its name for configs.
 */
import { IdentifierTable, SerializationError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import * as A from './activations.js';

/** An activation: a tensor in, a tensor of the same shape out. */
export type ActivationFn = (x: Tensor) => Tensor;

/** An activation name (snake_case or camelCase), a function, or null/undefined for linear. */
export type ActivationIdentifier = string | ActivationFn | null | undefined;

const table = new IdentifierTable<ActivationFn>('activation');
const names = new Map<ActivationFn, string>();

/**
 * Registers an activation under `name` (both spellings), so strings and
 * configs can name it. Returns the function.
 *
 * @example
 * ```ts
 * registerActivation('square_plus', (x) => mul(add(x, sqrt(add(square(x), 4))), 0.5));
 * getActivation('squarePlus');
 * ```
 */
export function registerActivation(name: string, fn: ActivationFn): ActivationFn {
  table.register(name, fn);
  names.set(fn, name);
  return fn;
}

const builtins: Record<string, ActivationFn> = {
  linear: (x) => A.linear(x),
  step: (x) => A.step(x),
  sigmoid: (x) => A.sigmoid(x),
  hard_sigmoid: (x) => A.hardSigmoid(x),
  tanh: (x) => A.tanh(x),
  relu: (x) => A.relu(x),
  relu6: (x) => A.relu6(x),
  leaky_relu: (x) => A.leakyRelu(x),
  elu: (x) => A.elu(x),
  selu: (x) => A.selu(x),
  gelu: (x) => A.gelu(x),
  swish: (x) => A.swish(x),
  silu: (x) => A.silu(x),
  hard_silu: (x) => T.hardSilu(x),
  hard_swish: (x) => T.hardSwish(x),
  softplus: (x) => A.softplus(x),
  softsign: (x) => A.softsign(x),
  softmax: (x) => A.softmax(x),
  log_softmax: (x) => A.logSoftmax(x),
  mish: (x) => A.mish(x),
  exponential: (x) => A.exponential(x),
};
for (const [name, fn] of Object.entries(builtins)) registerActivation(name, fn);

/**
 * The activation for a name (Keras snake_case or camelCase), a function
 * (returned as is), or null/undefined (linear). An unknown name throws an
 * `UnknownIdentifierError` listing the valid ones.
 *
 * @example
 * ```ts
 * getActivation('leaky_relu')(tensor([-1])); // [-0.2]
 * getActivation('logSoftmax');
 * ```
 */
export function getActivation(identifier: ActivationIdentifier): ActivationFn {
  if (identifier == null) return builtins.linear;
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier !== 'string') {
    throw new ValueError(
      `getActivation: expected a name such as 'relu' or a function, got ${JSON.stringify(identifier)}.`,
    );
  }
  return table.get(identifier);
}

/** Every activation name (snake_case), sorted. @example `activationNames().includes('gelu')` */
export function activationNames(): string[] {
  return table.names();
}

/**
 * The snake_case name an activation is registered under, for configs. A
 * function that was never registered throws a `SerializationError`.
 *
 * @example
 * ```ts
 * serializeActivation(getActivation('leakyRelu')); // 'leaky_relu'
 * ```
 */
export function serializeActivation(fn: ActivationFn): string {
  const name = names.get(fn);
  if (name === undefined) {
    throw new SerializationError(
      `serializeActivation: the activation ${fn.name || '(anonymous)'} is not registered, so a config cannot name it. ` +
        "Register it with registerActivation('my_activation', fn) first.",
    );
  }
  return name;
}
