/**
 * `GaussianDropout`: multiplies by `N(1, rate / (1 - rate))` noise while training.
 */
import { type CallOptions, type Config, registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkRange, checkSeed, SeedStream } from '../layer-utils.js';

/** Options of {@link GaussianDropout}. */
export interface GaussianDropoutOptions extends LayerOptions {
  /** Drop probability of the equivalent dropout, in [0, 1). */
  rate: number;
  /** Seed: call k of the layer then draws the same noise on every run and backend. */
  seed?: number | null;
}

/**
 * Multiplicative normal noise with mean 1 and standard deviation
 * `sqrt(rate / (1 - rate))` when called with `{ training: true }`, as
 * `keras.layers.GaussianDropout`; at inference the input passes through (as
 * a copy). Keras also accepts `rate = 1`; here it is a ValueError (the
 * standard deviation would be infinite).
 *
 * @example
 * ```ts
 * const gd = new GaussianDropout({ rate: 0.2, seed: 3 });
 * gd.apply(x, { training: true }); // x * N(1, 0.25)
 * ```
 */
export class GaussianDropout extends Layer {
  static override readonly className: string = 'GaussianDropout';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'rate', 'seed'];

  readonly rate: number;
  readonly seed: number | null;
  private readonly stream: SeedStream;

  constructor(options: GaussianDropoutOptions) {
    super(options);
    this.supportsMasking = true;
    const where = `GaussianDropout '${this.name}'`;
    this.rate = checkRange(where, 'rate', options?.rate, 0, 1, false);
    this.seed = checkSeed(where, options.seed);
    this.stream = new SeedStream(this.seed);
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.rate === 0) return T.identity(inputs);
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return T.mul(inputs, T.randomNormal([...inputs.shape], 1, stddev, 'float32', this.stream.nextSeed()));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
registerSerializable(GaussianDropout);
