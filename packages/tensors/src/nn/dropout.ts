/**
 * Inverted dropout with a seeded mask: the same seed gives the same mask on
 * every backend, because the mask comes from the package's seeded uniform
 * generator.
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { nextSeed, randomUniform } from '../random.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkFloat } from './util.js';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Seed of the mask; without one the next seed of the global generator (see `setSeed`) is used. */
  seed?: number;
  /**
   * Shape of the mask, broadcast against x (Keras's `noise_shape`): each
   * entry is x's size or 1 (one draw shared along that axis); `null` means x's size.
   */
  noiseShape?: Array<number | null>;
}

/**
 * Inverted dropout, as Keras `ops.dropout` / `random.dropout`: each entry is
 * zeroed with probability `rate` and the survivors are scaled by
 * `1 / (1 - rate)`, so the expected value is unchanged and inference needs no
 * rescaling. Always applies the mask (the `training` switch belongs to the layer).
 *
 * @example
 * ```ts
 * const y = dropout(x, 0.5, { seed: 42 }); // entries are 0 or 2 * x
 * ```
 */
export function dropout(x: TensorInput, rate: number, options: DropoutOptions = {}): Tensor {
  if (!(rate >= 0 && rate < 1)) {
    throw new ValueError(`dropout: rate must be in [0, 1), got ${rate}. It is the fraction of entries to drop.`);
  }
  const seed = options.seed ?? nextSeed();
  return tfc.tidy(() => {
    const tx = toTensor(x, 'x', 'dropout');
    checkFloat(tx, 'x', 'dropout');
    let shape = tx.shape;
    if (options.noiseShape !== undefined) {
      const ns = options.noiseShape;
      const ok =
        ns.length === tx.rank && ns.every((d, i) => d === null || d === 1 || d === tx.shape[i] || tx.shape[i] === 1);
      if (!ok) {
        throw new ShapeError(
          `dropout: noiseShape [${ns.map((d) => (d === null ? 'null' : d)).join(',')}] does not broadcast to x ` +
            `${shapeString(tx.shape)}. Expected ${tx.rank} entries, each x's size, 1, or null.`,
        );
      }
      shape = ns.map((d, i) => (d === null ? tx.shape[i] : d));
    }
    if (rate === 0) return tfc.clone(tx);
    const keep = tfc.greaterEqual(randomUniform(shape, 0, 1, 'float32', seed), rate);
    const scale = tfc.mul(tfc.cast(keep, 'float32'), 1 / (1 - rate));
    return tfc.mul(tx, scale);
  });
}
