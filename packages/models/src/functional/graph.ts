/**
 * The layer graph of a Functional model: the nodes between its inputs and
 * outputs in an order that runs each node after its inputs, and the code
 * that runs them on real tensors, passing masks from layer to layer.
 */
import { ShapeError, ValueError } from '@layerwise/core';
import {
  InputLayer,
  type Layer,
  type LayerOutput,
  type Node,
  type Shape,
  type SymbolicTensor,
} from '@layerwise/layers';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}

/** Options of {@link FunctionalGraph.run}. */
export interface RunOptions {
  training?: boolean;
  /** One mask (or null) per input. */
  masks?: Array<Tensor | null>;
}

/** What {@link FunctionalGraph.run} returns. */
export interface RunResult {
  outputs: Tensor[];
  /** The mask of each output (null where none). */
  masks: Array<Tensor | null>;
}

/**
 * The graph between symbolic `inputs` and `outputs`. Construction checks
 * that every output can be computed from the inputs ("graph disconnected"
 * otherwise) and orders the nodes. `new Model({ inputs, outputs })` builds
 * one; use it directly only to walk a graph.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [2] });
 * const graph = new FunctionalGraph([x], [new Dense({ units: 1 }).apply(x)], 'm');
 * graph.layers.map((l) => l.name); // ['input_layer', 'dense']
 * const { outputs } = graph.run([tensor([[1, 2]])], 'm');
 * ```
 */
export class FunctionalGraph {
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  /** Every node between inputs and outputs, each after the nodes it reads from. */
  readonly nodes: Node[];
  /** Every layer, in the order its first node runs (input layers first), each once. */
  readonly layers: Layer<LayerOutput>[];
  /** The input layers, in input order. */
  readonly inputLayers: InputLayer[];

  constructor(inputs: SymbolicTensor[], outputs: SymbolicTensor[], modelName: string) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.inputLayers = inputs.map((t, i) => {
      const layer = t.sourceLayer;
      if (!(layer instanceof InputLayer)) {
        throw new ValueError(
          `Model '${modelName}': input ${i} ('${t.name}') is the output of layer '${layer.name}', not of an Input. ` +
            'Pass the tensors that Input({ shape }) returned as inputs.',
        );
      }
      return layer;
    });
    if (new Set(this.inputLayers).size !== this.inputLayers.length) {
      throw new ValueError(`Model '${modelName}': the same Input is given twice in inputs.`);
    }
    this.nodes = orderNodes(outputs);
    const known = new Set(inputs.map((t) => t.id));
    for (const node of this.nodes) {
      if (node.isInput) {
        if (!node.outputs.every((t) => known.has(t.id))) {
          const reached = this.nodes.filter((n) => n.isInput).map((n) => `'${n.layer.name}'`);
          throw new ValueError(
            `Model '${modelName}': graph disconnected: the outputs depend on input '${node.layer.name}', which is not ` +
              `in inputs (inputs: ${this.inputLayers.map((l) => `'${l.name}'`).join(', ')}; inputs the outputs need: ` +
              `${reached.join(', ')}). Add it to inputs.`,
          );
        }
      }
    }
    const layers: Layer<LayerOutput>[] = [...this.inputLayers];
    for (const node of this.nodes) if (!layers.includes(node.layer)) layers.push(node.layer);
    this.layers = layers;
    const names = new Set<string>();
    for (const layer of layers) {
      if (names.has(layer.name)) {
        throw new ValueError(
          `Model '${modelName}': two different layers are named '${layer.name}'. Layer names in a model must be unique; ` +
            'give one of them another name.',
        );
      }
      names.add(layer.name);
    }
  }

  /** The nodes of `layer` that belong to this graph, in creation order (a shared layer has several). */
  nodesOf(layer: Layer<LayerOutput>): Node[] {
    return layer.inboundNodes.filter((n) => this.nodes.includes(n));
  }

  /**
   * Runs the graph on `inputs` (one tensor per input, cast to the input's
   * dtype). Checks each input's rank and known sizes first. Intermediate
   * tensors are the caller's to free (run inside `tidy`).
   */
  run(inputs: Tensor[], modelName: string, options: RunOptions = {}): RunResult {
    if (inputs.length !== this.inputs.length) {
      throw new ValueError(
        `Model '${modelName}': expected ${this.inputs.length} input${this.inputs.length === 1 ? '' : 's'} ` +
          `(${this.inputLayers.map((l) => `'${l.name}' ${shapeText(l.batchShape)}`).join(', ')}), got ${inputs.length}.`,
      );
    }
    const values = new Map<number, Tensor>();
    const masks = new Map<number, Tensor | null>();
    this.inputs.forEach((symbolic, i) => {
      const x = inputs[i];
      checkInputShape(this.inputLayers[i], x.shape, modelName);
      values.set(symbolic.id, x.dtype === symbolic.dtype ? x : T.cast(x, symbolic.dtype));
      masks.set(symbolic.id, options.masks?.[i] ?? null);
    });
    for (const node of this.nodes) {
      if (node.isInput) continue;
      const args = node.inputs.map((t) => values.get(t.id) as Tensor);
      const argMasks = node.inputs.map((t) => masks.get(t.id) ?? null);
      const input = node.inputIsList ? args : args[0];
      const anyMask = argMasks.some((m) => m !== null);
      const mask = anyMask ? (node.inputIsList ? argMasks : argMasks[0]) : undefined;
      const training = node.callOptions.training ?? options.training;
      const layer = node.layer;
      const out = layer.apply(input, mask === undefined ? { training } : { training, mask });
      const outs = Array.isArray(out) ? out : [out];
      if (outs.length !== node.outputs.length) {
        throw new ValueError(
          `Layer '${layer.name}' returned ${outs.length} outputs when called in model '${modelName}', ` +
            `but returned ${node.outputs.length} when the model was built.`,
        );
      }
      const outMask = layer.supportsMasking ? layer.computeMask(input as Tensor, mask ?? null) : null;
      const outMasks = Array.isArray(outMask) ? outMask : outs.map(() => outMask);
      node.outputs.forEach((t, i) => {
        values.set(t.id, outs[i]);
        masks.set(t.id, outMasks[i] ?? null);
      });
    }
    return {
      outputs: this.outputs.map((t) => values.get(t.id) as Tensor),
      masks: this.outputs.map((t) => masks.get(t.id) ?? null),
    };
  }

  /** The output shapes for a given batch size (`null`: unknown). */
  outputShapes(batchSize: number | null): Shape[] {
    return this.outputs.map((t) => (t.shape.length === 0 ? [] : [batchSize, ...t.shape.slice(1)]));
  }
}

function checkInputShape(layer: InputLayer, shape: readonly number[], modelName: string): void {
  const expected = layer.batchShape;
  const ok = expected.length === shape.length && expected.every((d, i) => d === null || d === shape[i]);
  if (!ok) {
    throw new ShapeError(
      `Model '${modelName}': input '${layer.name}' expected shape ${shapeText(expected)}, got ${shapeText(shape)}. ` +
        'Reshape the data to match the Input the model was built with.',
    );
  }
}

/** Depth-first from the outputs: each node after every node it reads from. */
function orderNodes(outputs: SymbolicTensor[]): Node[] {
  const ordered: Node[] = [];
  const done = new Set<Node>();
  const visiting = new Set<Node>();
  const visit = (node: Node): void => {
    if (done.has(node)) return;
    if (visiting.has(node)) throw new ValueError(`Layer '${node.layer.name}' is part of a cycle in the graph.`);
    visiting.add(node);
    for (const input of node.inputs) visit(input.node);
    visiting.delete(node);
    done.add(node);
    ordered.push(node);
  };
  for (const t of outputs) visit(t.node);
  return ordered;
}
