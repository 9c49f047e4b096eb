/**
 * `Dropout`: inverted dropout while training, identity at inference.
 */
import { type CallOptions, type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkRange, checkSeed, SeedStream, shapeText } from '../layer-utils.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions extends LayerOptions {
  /** Fraction of the entries to drop, in [0, 1). */
  rate: number;
  /**
   * Shape of the mask, with the input's rank (Keras's `noise_shape`): an
   * entry 1 shares one draw along that axis, `null` takes the input's size.
   * `[null, 1, null]` drops the same features at every time step.
   */
  noiseShape?: Array<number | null> | null;
  /** Seed: call k of the layer then draws the same mask on every run and backend. */
  seed?: number | null;
}

/**
 * Inverted dropout, as `keras.layers.Dropout`: when called with
 * `{ training: true }`, each entry is zeroed with probability `rate` and
 * the survivors are scaled by `1 / (1 - rate)`; otherwise the input passes
 * through unchanged (as a copy). With a `seed`, the sequence of masks is
 * reproducible (each call draws a new one). Keras also accepts `rate = 1`;
 * here it is a ValueError, since it would divide by zero.
 *
 * @example
 * ```ts
 * const drop = new Dropout({ rate: 0.5, seed: 1 });
 * drop.apply(x, { training: true }); // entries are 0 or 2 * x
 * drop.apply(x);                     // x
 * ```
 */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'rate', 'noiseShape', 'seed'];

  readonly rate: number;
  readonly noiseShape: Array<number | null> | null;
  readonly seed: number | null;
  private readonly stream: SeedStream;

  constructor(options: DropoutOptions) {
    super(options);
    this.supportsMasking = true;
    const where = `Dropout '${this.name}'`;
    this.rate = checkRange(where, 'rate', options?.rate, 0, 1, false);
    const ns = options.noiseShape ?? null;
    if (ns !== null) {
      const ok = Array.isArray(ns) && ns.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0));
      if (!ok) {
        throw new ValueError(
          `${where}: noiseShape must be an array of positive integers or nulls, got ${JSON.stringify(ns)}.`,
        );
      }
    }
    this.noiseShape = ns === null ? null : [...ns];
    this.seed = checkSeed(where, options.seed);
    this.stream = new SeedStream(this.seed);
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.rate === 0) return T.identity(inputs);
    const ns = this.noiseShape;
    if (ns !== null) {
      const ok = ns.length === inputs.rank && ns.every((d, i) => d === null || d === 1 || d === inputs.shape[i]);
      if (!ok) {
        throw new ShapeError(
          `Dropout '${this.name}': noiseShape ${shapeText(ns)} does not fit input of shape ${shapeText(inputs.shape)}. ` +
            "Give one entry per input axis, each the input's size, 1 or null.",
        );
      }
    }
    return T.dropout(inputs, this.rate, {
      seed: this.stream.nextSeed(),
      ...(ns === null ? {} : { noiseShape: ns }),
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      rate: this.rate,
      noiseShape: this.noiseShape === null ? null : [...this.noiseShape],
      seed: this.seed,
    };
  }
}
registerSerializable(Dropout);
