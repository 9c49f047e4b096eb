/**
 * Symbolic tensors: placeholders with a shape and a dtype but no values,
 * which record the layer calls of a Functional model (Keras's
 * `KerasTensor`).
 */
import type { DType } from '@layerwise/tensors';
import type { Layer, LayerOutput, Shape } from '../layer.js';
import type { Node } from './node.js';

let nextId = 0;

/**
 * The output of a layer called on `Input(...)` or on another symbolic
 * tensor. It carries a shape (with `null` for unknown sizes), a dtype and
 * the call that produced it, so that `new Model({ inputs, outputs })` can
 * trace the graph back from its outputs.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [4] });               // SymbolicTensor [null,4]
 * const h = new Dense({ units: 8 }).apply(x);    // SymbolicTensor [null,8]
 * h.shape; // [null, 8]
 * ```
 */
export class SymbolicTensor {
  /** Unique within the process; keys the tensor in a graph. */
  readonly id = nextId++;
  readonly shape: Shape;
  readonly dtype: DType;
  /** `<layer name>/<output index>`, for messages. */
  readonly name: string;

  constructor(
    shape: Shape,
    dtype: DType,
    /** The call (node) that produced it. */
    readonly node: Node,
    /** Which of that call's outputs it is. */
    readonly outputIndex: number,
  ) {
    this.shape = [...shape];
    this.dtype = dtype;
    this.name = `${node.layer.name}/${outputIndex}`;
  }

  /** The layer whose call produced it. */
  get sourceLayer(): Layer<LayerOutput> {
    return this.node.layer;
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor(shape=[${this.shape.map((d) => (d === null ? 'null' : d)).join(', ')}], dtype=${this.dtype}, name=${this.name})`;
  }
}

/** Whether `x` is a symbolic tensor or a non-empty list of them. @example `isSymbolic(Input({ shape: [2] })) // true` */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return true;
  return Array.isArray(x) && x.length > 0 && x.every((t) => t instanceof SymbolicTensor);
}
