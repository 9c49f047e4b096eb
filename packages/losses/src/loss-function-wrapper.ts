/**
 * A `Loss` around a plain per-sample loss function.
 */
import { type Config, registerSerializable, SerializationError, toSnakeCase, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import { type LossFunction, lossFunctionName, lossFunctions } from './functions.js';
import { Loss, type LossClass, type LossOptions } from './loss.js';
import { readConfig, squeezeOrExpandToSameRank } from './utils.js';

/**
 * Turns a per-sample loss function `(yTrue, yPred) => Tensor` into a
 * {@link Loss} with sample weights and a reduction (Keras's
 * `LossFunctionWrapper`). A trailing dimension of 1 on either input is
 * squeezed or added first. `fn` may be a function or the name of a
 * registered one; saving needs a registered one (see `registerLossFunction`).
 *
 * @example
 * ```ts
 * const loss = new LossFunctionWrapper((t, p) => mean(abs(sub(t, p)), -1), { name: 'mae' });
 * loss.compute(tensor([[1, 2]]), tensor([[2, 4]])); // 1.5
 * ```
 */
export class LossFunctionWrapper extends Loss {
  static override readonly className = 'LossFunctionWrapper';
  static override readonly configKeys: readonly string[] = ['name', 'reduction', 'fn'];

  readonly fn: LossFunction;

  constructor(fn: LossFunction | string, options: LossOptions = {}) {
    const resolved = typeof fn === 'string' ? lossFunctions.get(fn) : fn;
    if (typeof resolved !== 'function') {
      throw new ValueError(
        `LossFunctionWrapper: fn is ${typeof fn}; expected a function (yTrue, yPred) => Tensor or a registered name.`,
      );
    }
    const registered = lossFunctionName(resolved);
    const fallback = resolved.name ? toSnakeCase(resolved.name) : 'loss';
    super(options, typeof fn === 'string' ? toSnakeCase(fn) : (registered ?? fallback));
    this.fn = resolved;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return this.fn(t, p);
  }

  /** `{ name, reduction, fn }` where `fn` is the function's registered name. */
  override getConfig(): Config {
    const fn = lossFunctionName(this.fn);
    if (fn === undefined) {
      throw new SerializationError(
        `LossFunctionWrapper '${this.name}': its function is not registered, so it cannot be saved. ` +
          `Register it first with registerLossFunction('${this.name}', fn).`,
      );
    }
    return { ...super.getConfig(), fn };
  }

  static override fromConfig<T extends Loss>(this: LossClass<T>, config: Config): T {
    const { fn, ...options } = readConfig('LossFunctionWrapper', config, LossFunctionWrapper.configKeys);
    if (typeof fn !== 'string') {
      throw new SerializationError(
        `LossFunctionWrapper.fromConfig: 'fn' must be the name of a registered loss function, got ${JSON.stringify(fn)}.`,
      );
    }
    return new LossFunctionWrapper(fn, options as LossOptions) as unknown as T;
  }
}
registerSerializable(LossFunctionWrapper);
