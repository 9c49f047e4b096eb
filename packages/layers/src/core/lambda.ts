/**
 * `Lambda`: a function of the inputs, wrapped as a layer.
 */
import {
  type CallOptions,
  type Config,
  type ConfigValue,
  readConfig,
  registerSerializable,
  type SerializableClass,
  SerializationError,
  ValueError,
} from '@layerwise/core';
import type { DType, Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type LayerOutput, type Shape } from '../layer.js';

/** A mask as layers receive it: one tensor, one per input (`null` for an unmasked input), or none. */
export type LambdaMask = Tensor | Array<Tensor | null> | null;

/** What a {@link Lambda}'s function receives besides its inputs: its `arguments`, then `training` and `mask` of the call. */
export type LambdaArgs<A extends Config> = A & {
  /** The call's `training` flag (undefined when not given). */
  readonly training?: boolean;
  /** The mask given in the call options, or null. */
  readonly mask: LambdaMask;
};

/** A function that a config records by name only (see {@link Lambda}). */
// biome-ignore lint/suspicious/noExplicitAny: any function, looked up by name
export type AnyFunction = (...args: any[]) => unknown;

/** Options of {@link Lambda}. */
export interface LambdaOptions<
  I extends Tensor | Tensor[] = Tensor,
  O extends LayerOutput = Tensor,
  A extends Config = Record<never, never>,
> extends LayerOptions {
  /**
   * The layer's computation: a function of the input (a tensor, or a list
   * for a list of inputs) and of `{ ...arguments, training, mask }`,
   * returning a tensor (or a list of tensors). Tensors it creates and does
   * not return are freed.
   */
  fn: (inputs: I, args: LambdaArgs<A>) => O;
  /**
   * The output shape, for symbolic use. A shape without the batch
   * dimension (or a list of them, for a list of outputs), which gets the
   * batch size of the first input in front, as Keras; or a function from
   * the full input shape (or list of shapes) to the full output shape.
   * Default: found by running `fn` once on zeros of the input shape.
   */
  outputShape?: Shape | Shape[] | ((inputShape: Shape | Shape[]) => Shape | Shape[]);
  /**
   * The output mask: a function `(inputs, mask) => mask` (as Keras's
   * `compute_mask`), or a fixed boolean tensor returned whatever the input
   * (the layer keeps a copy). Without it, the output has no mask. Giving
   * one sets `supportsMasking`.
   */
  mask?: Tensor | ((inputs: I, mask: LambdaMask) => Tensor | null);
  /** Extra values passed to `fn` in its second argument (JSON values; `training` and `mask` are reserved). */
  arguments?: A;
}

/**
 * How a config records a function: by name only. A function written inline
 * in the options (`{ fn: (x) => ... }`) is named by JavaScript after its
 * option key ('fn', 'outputShape', 'mask'); such names say nothing about
 * which function it was, so they are recorded as anonymous (null), as are
 * functions without a name.
 */
function functionRef(f: AnyFunction, optionKey: string): Config {
  const name = f.name && f.name !== optionKey ? f.name : null;
  return { className: '__function__', config: { name } };
}

function isShape(x: unknown): x is Shape {
  return Array.isArray(x) && x.every((d) => d === null || (Number.isInteger(d) && (d as number) >= 0));
}

/**
 * Wraps a function of the inputs as a layer, as `keras.layers.Lambda`: for
 * small computations without weights inside a Sequential or Functional
 * model (`x => x²`, a split, a custom merge). For anything else, prefer a
 * `Layer` subclass: it can be saved and inspected.
 *
 * The function gets the input (a tensor, or a list of tensors when the
 * layer is applied to a list) and an object with the `arguments`, the
 * call's `training` flag and its `mask`. Symbolic use needs the output
 * shape: from `outputShape`, or by running the function once on zeros.
 *
 * **The function is not serializable.** A config cannot hold JavaScript
 * code (Keras stores Python bytecode, which is unsafe and not portable; a
 * Layerwise config stays plain JSON). `getConfig()` records the layer's
 * options, and the functions by their JavaScript name only
 * (`{ className: '__function__', config: { name: 'double' } }`), so a
 * model containing a Lambda can still be described and saved (a function
 * written inline in the options has no name of its own and is recorded as
 * anonymous: define it as a named `const` to be able to load it). But
 * {@link Lambda.fromConfig} always throws a `SerializationError`: to load
 * such a model, give the functions again, under those names, with
 * `customObjects: { Lambda: Lambda.withFunctions({ double }) }`, or
 * replace the Lambda with a registered `Layer` subclass.
 *
 * @example
 * ```ts
 * const double = (x: Tensor) => mul(x, 2);
 * const layer = new Lambda({ fn: double });
 * layer.apply(tensor([[1, 2]])); // [[2, 4]]
 *
 * const scale = new Lambda({ fn: (x, { factor }) => mul(x, factor), arguments: { factor: 3 } });
 * const sumOf = new Lambda({ fn: (xs: Tensor[]) => add(xs[0], xs[1]), outputShape: [4] });
 * sumOf.apply([Input({ shape: [4] }), Input({ shape: [4] })]).shape; // [null, 4]
 *
 * // Loading: the function has to be given again.
 * const copy = deserialize(serialize(layer), { Lambda: Lambda.withFunctions({ double }) });
 * ```
 */
export class Lambda<
  I extends Tensor | Tensor[] = Tensor,
  O extends LayerOutput = Tensor,
  A extends Config = Record<never, never>,
> extends Layer<O> {
  static override readonly className: string = 'Lambda';
  static override readonly configKeys: readonly string[] = [
    ...Layer.configKeys,
    'function',
    'outputShape',
    'mask',
    'arguments',
  ];

  /** The computation. */
  readonly fn: (inputs: I, args: LambdaArgs<A>) => O;
  /** The output shape as given (see {@link LambdaOptions.outputShape}), or undefined to trace `fn`. */
  readonly outputShape: LambdaOptions<I, O, A>['outputShape'];
  /** The extra values passed to `fn`. */
  readonly arguments: A;
  private readonly maskFn: ((inputs: I, mask: LambdaMask) => Tensor | null) | null;
  private maskTensor: Tensor | null;

  constructor(options: LambdaOptions<I, O, A>) {
    super(options);
    const fn = options?.fn;
    if (typeof fn !== 'function') {
      throw new ValueError(
        `Lambda '${this.name}': fn must be a function of the inputs, got ${fn === null ? 'null' : typeof fn}. ` +
          'Example: new Lambda({ fn: (x) => square(x) }).',
      );
    }
    this.fn = fn;
    const outputShape = options.outputShape;
    const validShape =
      outputShape === undefined ||
      typeof outputShape === 'function' ||
      isShape(outputShape) ||
      (Array.isArray(outputShape) && outputShape.length > 0 && outputShape.every(isShape));
    if (!validShape) {
      throw new ValueError(
        `Lambda '${this.name}': outputShape must be a shape without the batch dimension (e.g. [4] or [null, 8]), ` +
          `a list of such shapes, or a function of the input shape; got ${JSON.stringify(outputShape)}.`,
      );
    }
    this.outputShape = Array.isArray(outputShape) ? structuredClone(outputShape) : outputShape;
    const args = options.arguments ?? ({} as A);
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new ValueError(
        `Lambda '${this.name}': arguments must be an object of named values, got ${JSON.stringify(args)}.`,
      );
    }
    for (const reserved of ['training', 'mask']) {
      if (reserved in args) {
        throw new ValueError(
          `Lambda '${this.name}': '${reserved}' cannot be an argument name: fn receives the call's ${reserved} under it.`,
        );
      }
    }
    this.arguments = { ...args };
    const mask = options.mask;
    if (
      mask !== undefined &&
      typeof mask !== 'function' &&
      !(mask !== null && typeof mask === 'object' && 'dataId' in mask)
    ) {
      throw new ValueError(
        `Lambda '${this.name}': mask must be a function (inputs, mask) => mask or a tensor, got ${JSON.stringify(mask)}.`,
      );
    }
    this.maskFn = typeof mask === 'function' ? mask : null;
    this.maskTensor = mask !== undefined && typeof mask !== 'function' ? T.clone(mask) : null;
    this.supportsMasking = mask !== undefined;
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): O {
    const args = { ...this.arguments, training: options.training, mask: options.mask ?? null } as LambdaArgs<A>;
    const out = this.fn(inputs as I, args);
    // A function that gives back an input (x => x) gets a new handle, so disposing the output keeps the input.
    const given = Array.isArray(inputs) ? inputs : [inputs];
    const fresh = (t: Tensor) => (given.includes(t) ? T.identity(t) : t);
    return (Array.isArray(out) ? out.map(fresh) : fresh(out as Tensor)) as O;
  }

  /**
   * The output shape: from `outputShape` when given (a sample shape gets
   * the batch size of the first input in front), otherwise by running `fn`
   * once on zeros (a `ValueError` asking for `outputShape` when that fails).
   */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const spec = this.outputShape;
    if (spec === undefined) {
      try {
        return super.computeOutputShape(inputShape);
      } catch (e) {
        throw new ValueError(
          `Lambda '${this.name}': could not infer the output shape by running the function on inputs of shape ` +
            `${JSON.stringify(inputShape)} (${(e as Error).message}). Pass outputShape to the Lambda.`,
        );
      }
    }
    if (typeof spec === 'function') return spec(inputShape);
    const first = Array.isArray(inputShape[0]) ? (inputShape[0] as Shape) : (inputShape as Shape);
    const batch = first.length > 0 ? first[0] : null;
    return isShape(spec) ? [batch, ...spec] : (spec as Shape[]).map((s) => [batch, ...s]);
  }

  /**
   * The output mask: `mask(inputs, mask)` when a function was given, a copy
   * of the fixed mask tensor when one was given, otherwise null (whatever
   * the input mask), as Keras. The caller disposes the result.
   */
  override computeMask(inputs: Tensor | Tensor[], mask: LambdaMask = null): Tensor | null {
    if (this.maskFn !== null) return this.maskFn(inputs as I, mask);
    return this.maskTensor === null ? null : T.clone(this.maskTensor);
  }

  /**
   * The options, with the functions recorded by name only (see the class
   * comment): `function`, `outputShape` (a shape, or a function reference),
   * `mask` (a function reference, or a tensor as `{ className: '__tensor__',
   * config: { value, dtype } }`) and `arguments`.
   */
  override getConfig(): Config {
    const config: Config = { ...super.getConfig(), function: functionRef(this.fn, 'fn') };
    const shape = this.outputShape;
    if (shape !== undefined) {
      config.outputShape =
        typeof shape === 'function' ? functionRef(shape, 'outputShape') : (structuredClone(shape) as ConfigValue);
    }
    if (this.maskFn !== null) config.mask = functionRef(this.maskFn, 'mask');
    else if (this.maskTensor !== null) {
      config.mask = {
        className: '__tensor__',
        config: { value: this.maskTensor.arraySync() as ConfigValue, dtype: this.maskTensor.dtype },
      };
    }
    config.arguments = structuredClone(this.arguments) as ConfigValue;
    return config;
  }

  /**
   * Always throws a `SerializationError`: a config does not hold the
   * function's code, so a Lambda cannot be rebuilt from it alone. Load it
   * with `customObjects: { Lambda: Lambda.withFunctions({ ... }) }`, or
   * write the computation as a registered `Layer` subclass.
   */
  static override fromConfig(config: Config): never {
    const name = typeof config?.name === 'string' ? ` '${config.name}'` : '';
    const fnName = functionName(config?.function);
    throw new SerializationError(
      `Lambda.fromConfig: cannot rebuild the Lambda layer${name} from a config: its function ` +
        `${fnName ? `'${fnName}' ` : ''}is JavaScript code, which configs do not store. Give the function again ` +
        `when loading: deserialize(config, { Lambda: Lambda.withFunctions({ ${fnName ?? 'myFunction'} }) }) ` +
        '(functions are matched by their name), or replace the Lambda with a Layer subclass that has getConfig ' +
        'and is registered with registerSerializable.',
    );
  }

  /**
   * A stand-in for the `Lambda` class, to pass in `customObjects` when
   * loading a config that contains Lambda layers: it rebuilds each one
   * with the functions given here, matched by the names its config
   * recorded (`fn`, and `outputShape` and `mask` when they were
   * functions). A name that is missing (or an anonymous function) is a
   * `SerializationError`.
   *
   * @example
   * ```ts
   * const double = (x: Tensor) => mul(x, 2);
   * const saved = serialize(new Lambda({ fn: double }));
   * const layer = deserialize<Lambda>(saved, { Lambda: Lambda.withFunctions({ double }) });
   * ```
   */
  static withFunctions(
    functions: Record<string, AnyFunction>,
  ): SerializableClass<Lambda<Tensor | Tensor[], LayerOutput, Config>> {
    return {
      className: Lambda.className,
      module: Lambda.module,
      fromConfig: (config: Config) => rebuildLambda(config, functions),
    };
  }

  /** Frees the fixed mask tensor (if any) along with the layer. */
  override dispose(): void {
    this.maskTensor?.dispose();
    this.maskTensor = null;
    super.dispose();
  }
}
registerSerializable(Lambda);

function functionName(ref: unknown): string | null {
  if (ref !== null && typeof ref === 'object' && (ref as Config).className === '__function__') {
    const name = ((ref as Config).config as Config | undefined)?.name;
    return typeof name === 'string' && name.length > 0 ? name : null;
  }
  return null;
}

function isFunctionRef(ref: unknown): boolean {
  return ref !== null && typeof ref === 'object' && (ref as Config).className === '__function__';
}

function rebuildLambda(
  config: Config,
  functions: Record<string, AnyFunction>,
): Lambda<Tensor | Tensor[], LayerOutput, Config> {
  const options = readConfig('Lambda', config, Lambda.configKeys);
  const lookup = (what: string, ref: unknown): AnyFunction => {
    const name = functionName(ref);
    const f = name === null ? undefined : functions[name];
    if (typeof f !== 'function') {
      const known = Object.keys(functions).join(', ') || 'none';
      throw new SerializationError(
        name === null
          ? `Lambda.withFunctions: the ${what} of Lambda '${String(config.name)}' was an anonymous function, so the config ` +
              'cannot say which one to use. Give it a name (const double = (x) => ...) and save again.'
          : `Lambda.withFunctions: no function named '${name}' for the ${what} of Lambda '${String(config.name)}'. ` +
              `Given: ${known}.`,
      );
    }
    return f;
  };
  const fn = lookup('function', options.function);
  let outputShape: LambdaOptions['outputShape'];
  if (options.outputShape !== undefined && options.outputShape !== null) {
    outputShape = isFunctionRef(options.outputShape)
      ? (lookup('outputShape', options.outputShape) as (s: Shape | Shape[]) => Shape | Shape[])
      : (options.outputShape as Shape);
  }
  let mask: Tensor | AnyFunction | undefined;
  let maskToFree: Tensor | null = null;
  const maskRef = options.mask as Config | undefined | null;
  if (maskRef !== undefined && maskRef !== null) {
    if (isFunctionRef(maskRef)) mask = lookup('mask', maskRef);
    else if (maskRef.className === '__tensor__') {
      const c = maskRef.config as Config;
      maskToFree = T.tensor(c.value as number[], undefined, c.dtype as DType);
      mask = maskToFree;
    } else {
      throw new SerializationError(`Lambda.withFunctions: unreadable mask in config: ${JSON.stringify(maskRef)}.`);
    }
  }
  try {
    return new Lambda<Tensor | Tensor[], LayerOutput, Config>({
      name: options.name as string | undefined,
      trainable: options.trainable as boolean | undefined,
      dtype: options.dtype as DType | undefined,
      batchInputShape: options.batchInputShape as Shape | undefined,
      inputShape: options.inputShape as Shape | undefined,
      fn: fn as (inputs: Tensor | Tensor[], args: LambdaArgs<Config>) => LayerOutput,
      outputShape,
      mask: mask as LambdaOptions<Tensor | Tensor[], LayerOutput, Config>['mask'],
      arguments: (options.arguments ?? {}) as Config,
    });
  } finally {
    maskToFree?.dispose();
  }
}
