/**
 * A gradient tape, for code that is not shaped as one function (the way
 * TensorFlow's `tf.GradientTape` is used).
 */

import { backpropagateGradients, getFilteredNodesXToY } from '../vendor/tfjs-extras.js';
import { ValueError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

interface TapeNode {
  saved?: Tensor[];
}

interface EngineState {
  activeTape: TapeNode[] | null;
  gradientDepth: number;
}

interface TapeEngine {
  state: EngineState;
  startTape(): void;
  endTape(): void;
}

/**
 * Records the ops run inside {@link GradientTape.record} and differentiates
 * any recorded result with respect to any tensor that fed it.
 *
 * A tape holds copies of the tensors its gradients need until
 * {@link GradientTape.gradient} is called (or, for a persistent tape, until
 * {@link GradientTape.dispose}).
 *
 * @example
 * ```ts
 * const tape = new GradientTape();
 * const y = tape.record(() => sum(square(x)));
 * const [dx] = tape.gradient(y, [x]); // 2x
 * ```
 */
export class GradientTape {
  /** Whether `gradient` may be called more than once. */
  readonly persistent: boolean;
  private nodes: TapeNode[] = [];
  private owned = true;
  private used = false;
  private disposed = false;

  constructor(options: { persistent?: boolean } = {}) {
    this.persistent = options.persistent ?? false;
  }

  /** Runs `fn` with recording on and returns its result. May be called several times. */
  record<T>(fn: () => T): T {
    if (this.disposed) throw new ValueError('GradientTape.record: this tape was disposed. Create a new GradientTape.');
    const engine = tfc.engine() as unknown as TapeEngine;
    const outer = engine.state.gradientDepth > 0;
    const start = outer ? (engine.state.activeTape?.length ?? 0) : 0;
    engine.startTape();
    let result: T;
    try {
      result = fn();
    } finally {
      engine.endTape();
    }
    const recorded = engine.state.activeTape ?? [];
    if (outer) {
      // An enclosing gradient computation owns these nodes and frees them.
      this.nodes.push(...recorded.slice(start));
      this.owned = false;
    } else {
      this.nodes.push(...recorded);
      engine.state.activeTape = null;
    }
    return result;
  }

  /**
   * Gradients of `target` with respect to each source. A source that does
   * not feed `target` gets zeros. `outputGradient` defaults to ones.
   */
  gradient(target: Tensor, sources: Tensor[], outputGradient?: Tensor): Tensor[] {
    if (this.used && !this.persistent) {
      throw new ValueError(
        'GradientTape.gradient: a non-persistent tape can compute gradients only once. ' +
          'Create it with new GradientTape({ persistent: true }) to call gradient() several times.',
      );
    }
    if (this.disposed)
      throw new ValueError('GradientTape.gradient: this tape was disposed. Create a new GradientTape.');
    this.used = true;
    const result = tfc.tidy(() => {
      const filtered = getFilteredNodesXToY(this.nodes, sources, target);
      const map: Record<number, Tensor> = {};
      map[target.id] = outputGradient ?? tfc.onesLike(tfc.cast(target, 'float32'));
      backpropagateGradients(
        map,
        filtered,
        (f) => tfc.tidy(f as () => Tensor),
        (a, b) => tfc.add(a as Tensor, b as Tensor),
      );
      return sources.map((s) => map[s.id] ?? tfc.zerosLike(s));
    });
    if (!this.persistent) this.dispose();
    return result;
  }

  /** Frees the tensors the tape saved for backpropagation. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.owned) for (const node of this.nodes) for (const t of node.saved ?? []) t.dispose();
    this.nodes = [];
  }
}
