/**
 * A node is one call of a layer on symbolic tensors: which tensors went in,
 * which came out, and with what options. A Functional model runs its nodes
 * in order.
 */
import type { Layer } from '../layer.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/** The call options a node replays (the mask is propagated by the model, `training` by `fit`). */
export interface NodeCallOptions {
  /** Fixed `training` flag given at the symbolic call (`layer.apply(x, { training: false })`), if any. */
  training?: boolean;
}

/**
 * One symbolic call of a layer (Keras's `Node`). A layer called twice (a
 * shared layer) has two nodes.
 *
 * @example
 * ```ts
 * const dense = new Dense({ units: 4 });
 * const y = dense.apply(Input({ shape: [3] }));
 * y.node === dense.inboundNodes[0]; // true
 * y.node.parents[0].layer;           // the InputLayer
 * ```
 */
export class Node {
  /** The symbolic tensors this call produced (set right after construction). */
  outputs: SymbolicTensor[] = [];

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: a node accepts a layer of any output type
    readonly layer: Layer<any>,
    /** The symbolic tensors it was called on (empty for an input layer). */
    readonly inputs: readonly SymbolicTensor[],
    /** Whether the layer was given a list (multi-input layers) rather than one tensor. */
    readonly inputIsList: boolean,
    readonly callOptions: NodeCallOptions,
  ) {}

  /** Whether this node is an `Input`'s (it has no inputs). */
  get isInput(): boolean {
    return this.inputs.length === 0;
  }

  /** The nodes that produced this node's inputs. */
  get parents(): Node[] {
    return [...new Set(this.inputs.map((t) => t.node))];
  }
}
