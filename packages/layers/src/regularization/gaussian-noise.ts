/**
 * `GaussianNoise`: adds zero-mean normal noise while training.
 */
import { type CallOptions, type Config, registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkRange, checkSeed, SeedStream } from '../layer-utils.js';

/** Options of {@link GaussianNoise}. */
export interface GaussianNoiseOptions extends LayerOptions {
  /** Standard deviation of the noise, in [0, 1] (Keras's range). */
  stddev: number;
  /** Seed: call k of the layer then draws the same noise on every run and backend. */
  seed?: number | null;
}

/**
 * Adds normal noise `N(0, stddev²)` to its input when called with
 * `{ training: true }` (a regularizer against overfitting), as
 * `keras.layers.GaussianNoise`; at inference the input passes through (as a copy).
 *
 * @example
 * ```ts
 * const noise = new GaussianNoise({ stddev: 0.1, seed: 3 });
 * noise.apply(x, { training: true }); // x + N(0, 0.01)
 * ```
 */
export class GaussianNoise extends Layer {
  static override readonly className: string = 'GaussianNoise';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'stddev', 'seed'];

  readonly stddev: number;
  readonly seed: number | null;
  private readonly stream: SeedStream;

  constructor(options: GaussianNoiseOptions) {
    super(options);
    this.supportsMasking = true;
    const where = `GaussianNoise '${this.name}'`;
    this.stddev = checkRange(where, 'stddev', options?.stddev, 0, 1);
    this.seed = checkSeed(where, options.seed);
    this.stream = new SeedStream(this.seed);
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.stddev === 0) return T.identity(inputs);
    return T.add(inputs, T.randomNormal([...inputs.shape], 0, this.stddev, 'float32', this.stream.nextSeed()));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}
registerSerializable(GaussianNoise);
