/**
 * The Functional config: each layer's config and the calls that connect
 * them, in the shape of Keras's (`layers` with `inboundNodes`,
 * `inputLayers`, `outputLayers`), and the code that rebuilds the graph.
 */
import {
  type Config,
  type ConfigValue,
  type CustomObjects,
  deserialize,
  SerializationError,
  serialize,
} from '@layerwise/core';
import type { Layer, LayerOutput, SymbolicTensor } from '@layerwise/layers';
import type { FunctionalGraph } from './graph.js';

type AnyLayer = Layer<LayerOutput>;

/** `[layerName, nodeIndex, tensorIndex]`: one symbolic tensor, as Keras's `keras_history`. */
type TensorRef = [string, number, number];

function refOf(graph: FunctionalGraph, t: SymbolicTensor): TensorRef {
  const layer = t.sourceLayer;
  return [layer.name, graph.nodesOf(layer).indexOf(t.node), t.outputIndex];
}

function serializedLayer(layer: AnyLayer): Config {
  const custom = (layer as { toSerialized?: () => { module?: string; className: string; config: Config } })
    .toSerialized;
  const s = typeof custom === 'function' ? custom.call(layer) : serialize(layer);
  return { ...(s as unknown as Config) };
}

/** The config of a graph model. */
export function functionalGetConfig(
  name: string,
  trainable: boolean,
  graph: FunctionalGraph,
  outputIsList: boolean,
  inputKeys: string[] | null,
): Config {
  const layers = graph.layers.map((layer) => {
    const inboundNodes = graph
      .nodesOf(layer)
      .filter((n) => !n.isInput)
      .map((n) => {
        const node: Config = { args: n.inputs.map((t) => refOf(graph, t)), isList: n.inputIsList };
        if (n.callOptions.training !== undefined) node.training = n.callOptions.training;
        return node;
      });
    return { ...serializedLayer(layer), name: layer.name, inboundNodes } as Config;
  });
  const config: Config = {
    name,
    trainable,
    layers: layers as ConfigValue[],
    inputLayers: graph.inputs.map((t) => refOf(graph, t)),
    outputLayers: graph.outputs.map((t) => refOf(graph, t)),
    outputIsList,
  };
  if (inputKeys !== null) config.inputKeys = inputKeys;
  return config;
}

function isRef(x: unknown): x is TensorRef {
  return (
    Array.isArray(x) && x.length === 3 && typeof x[0] === 'string' && Number.isInteger(x[1]) && Number.isInteger(x[2])
  );
}

/** Rebuilds the symbolic inputs and outputs of a Functional config (layers get fresh weights). */
export function functionalFromConfig(
  config: Config,
  customObjects: CustomObjects,
): {
  inputs: SymbolicTensor[] | Record<string, SymbolicTensor>;
  outputs: SymbolicTensor | SymbolicTensor[];
  name: string;
  trainable: boolean;
} {
  const fail = (what: string): never => {
    throw new SerializationError(`Functional config: ${what}. The file may be corrupt or written by another tool.`);
  };
  const layerConfigs = config.layers as Config[];
  const layers = new Map<string, AnyLayer>();
  const pending: Array<{ layer: AnyLayer; nodes: Config[] }> = [];
  for (const lc of layerConfigs) {
    if (typeof lc !== 'object' || lc === null || typeof lc.className !== 'string')
      fail('a layer entry has no className');
    const { inboundNodes, name, ...serialized } = lc;
    const layer = deserialize<AnyLayer>(serialized as never, customObjects);
    if (typeof name === 'string' && layer.name !== name) fail(`layer '${name}' was rebuilt as '${layer.name}'`);
    layers.set(layer.name, layer);
    pending.push({ layer, nodes: Array.isArray(inboundNodes) ? (inboundNodes as Config[]) : [] });
  }
  // Graph node k of a layer is the k-th call made here; input layers have node 0 already.
  const created = new Map<AnyLayer, number>();
  for (const layer of layers.values()) created.set(layer, layer.inboundNodes.length);
  const tensorOf = (ref: unknown): SymbolicTensor | null => {
    if (!isRef(ref))
      return fail(`expected a [layerName, nodeIndex, tensorIndex] reference, got ${JSON.stringify(ref)}`);
    const layer = layers.get(ref[0]) ?? fail(`unknown layer '${ref[0]}'`);
    const node = layer.inboundNodes[ref[1]];
    if (node === undefined) return null;
    return node.outputs[ref[2]] ?? fail(`layer '${ref[0]}' has no output ${ref[2]}`);
  };
  // Replay the calls; a call waits until the calls it reads from are done (shared layers, any order).
  const queue = pending.flatMap(({ layer, nodes }) => nodes.map((node) => ({ layer, node })));
  let progress = true;
  while (queue.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < queue.length; i++) {
      const { layer, node } = queue[i];
      const done = created.get(layer) ?? 0;
      const siblings = queue.filter((q) => q.layer === layer);
      if (siblings[0] !== queue[i]) continue; // a layer's calls replay in order
      const args = (node.args as unknown[]) ?? fail(`a call of layer '${layer.name}' has no args`);
      const inputs = args.map(tensorOf);
      if (inputs.some((t) => t === null)) continue;
      const symbolic = inputs as SymbolicTensor[];
      const options = typeof node.training === 'boolean' ? { training: node.training } : {};
      layer.apply(node.isList ? symbolic : symbolic[0], options);
      created.set(layer, done + 1);
      queue.splice(i, 1);
      i--;
      progress = true;
    }
  }
  if (queue.length > 0)
    fail(
      `the calls of layer(s) ${[...new Set(queue.map((q) => `'${q.layer.name}'`))].join(', ')} read tensors that no call produces`,
    );
  const resolve = (ref: unknown): SymbolicTensor =>
    tensorOf(ref) ?? fail(`reference ${JSON.stringify(ref)} points to a call that does not exist`);
  const inputRefs = (config.inputLayers as unknown[]) ?? fail('inputLayers is missing');
  const outputRefs = (config.outputLayers as unknown[]) ?? fail('outputLayers is missing');
  const inputList = inputRefs.map(resolve);
  const outputList = outputRefs.map(resolve);
  const keys = config.inputKeys as string[] | undefined;
  return {
    inputs: keys ? Object.fromEntries(keys.map((k, i) => [k, inputList[i]])) : inputList,
    outputs: config.outputIsList === false && outputList.length === 1 ? outputList[0] : outputList,
    name: config.name as string,
    trainable: config.trainable !== false,
  };
}
