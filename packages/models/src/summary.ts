/**
 * `model.summary()`: the Keras 3 table of layers, output shapes and
 * parameter counts.
 */
import type { Layer, LayerOutput, Shape } from '@layerwise/layers';
import type { Variable } from '@layerwise/tensors';
import type { Model } from './model.js';

/** Options of `Model.summary`. */
export interface SummaryOptions {
  /**
   * Total width of the table. Default as Keras: 88 for sequential-like
   * models, 108 otherwise, at most the terminal width minus 4 (80 columns
   * when not writing to a terminal).
   */
  lineLength?: number;
  /** Print the table (default true); it is returned either way. */
  print?: boolean;
  /** Where to print (default console.log). */
  printFn?: (text: string) => void;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 0, float16: 2 };

/** `2.01 KB`, as Keras's `readable_memory_size`. */
function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = bytes;
  let i = 0;
  while (size >= 1024 && i < units.length - 1) {
    size /= 1024;
    i++;
  }
  return `${size.toFixed(2)} ${units[i]}`;
}

function countLine(label: string, vars: Variable[]): string {
  const count = vars.reduce((n, v) => n + v.size, 0);
  const bytes = vars.reduce((n, v) => n + v.size * (BYTES[v.dtype] ?? 4), 0);
  return ` ${label}: ${count.toLocaleString('en-US')} (${readableSize(bytes)})`;
}

/** `(None, 64)`, as Keras 3's summary prints shapes. @example `formatShape([null, 64]) // '(None, 64)'` */
export function formatShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** Whether every layer has one call, in a chain (Keras's `sequential_like`). */
function isSequentialLike(model: Model<never>): boolean {
  const graph = model.functionalGraph;
  if (graph === null) return true;
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) return false;
  for (const node of graph.nodes) {
    if (node.isInput) continue;
    if (node.inputs.length !== 1 || graph.nodesOf(node.layer).length !== 1) return false;
  }
  // A chain: each node's input comes from the node before it.
  const calls = graph.nodes.filter((n) => !n.isInput);
  return calls.every((n, i) => (i === 0 ? n.inputs[0].node.isInput : n.inputs[0].node === calls[i - 1]));
}

function outputShapeOf(model: Model<never>, layer: Layer<LayerOutput>): string {
  const graph = model.functionalGraph;
  const nodes = graph !== null ? graph.nodesOf(layer) : layer.inboundNodes;
  // Keras shows the last call's outputs.
  const node = nodes[nodes.length - 1];
  if (node === undefined) return '?';
  const shapes = node.outputs.map((t) => formatShape(t.shape as Shape));
  return shapes.length === 1 ? shapes[0] : `[${shapes.join(', ')}]`;
}

function connectionsOf(model: Model<never>, layer: Layer<LayerOutput>): string {
  const graph = model.functionalGraph;
  if (graph === null) return '-';
  const out: string[] = [];
  for (const node of graph.nodesOf(layer)) {
    for (const t of node.inputs) {
      const src = t.sourceLayer;
      out.push(`${src.name}[${graph.nodesOf(src).indexOf(t.node)}][${t.outputIndex}]`);
    }
  }
  return out.length === 0 ? '-' : out.join(', ');
}

/** Word-wraps `text` to `width` columns, breaking words longer than a line (as rich does). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    if (line.length > 0 && line.length + 1 + w.length <= width) {
      line += ` ${w}`;
      continue;
    }
    if (line.length > 0) lines.push(line);
    while (w.length > width) {
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    line = w;
  }
  lines.push(line);
  return lines;
}

/** Python's round(): halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Content widths of the columns: Keras's `positions` split `lineLength`,
 * then rich fits the padded columns into the table width by taking the
 * excess off every column evenly (rich's `ratio_reduce`).
 */
function columnWidths(lineLength: number, positions: number[]): number[] {
  const widths: number[] = [];
  let current = 0;
  for (const p of positions) {
    const w = Math.floor(p * lineLength) - current;
    if (w < 4) throw new Error('summary: lineLength is too small to print the table.');
    widths.push(w + 2);
    current += w;
  }
  const available = lineLength - (positions.length + 1);
  let excess = widths.reduce((a, b) => a + b, 0) - available;
  if (excess > 0) {
    let ratioLeft = widths.length;
    for (let i = 0; i < widths.length; i++) {
      const cut = Math.min(widths[i], roundHalfEven((excess * 1) / ratioLeft));
      widths[i] -= cut;
      excess -= cut;
      ratioLeft -= 1;
    }
  }
  return widths.map((w) => Math.max(w - 2, 1));
}

function terminalColumns(): number {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean; columns?: number } } }).process?.stdout;
  return stdout?.isTTY && stdout.columns ? stdout.columns : 80;
}

/** The summary table of `model` as text; printed unless `print: false`. */
export function summarize(model: Model<never>, options: SummaryOptions = {}): string {
  const sequentialLike = isSequentialLike(model);
  const lineLength = options.lineLength ?? Math.min(sequentialLike ? 88 : 108, terminalColumns() - 4);
  const positions = sequentialLike ? [0.45, 0.8, 1] : [0.3, 0.56, 0.74, 1];
  const header = sequentialLike
    ? ['Layer (type)', 'Output Shape', 'Param #']
    : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const rightAligned = [false, false, true, false];
  const inner = columnWidths(lineLength, positions);
  // Functional models list their input layers; Sequential.layers leaves its input out, as in Keras.
  const rows = model.layers.map((layer) => {
    const cells = [
      `${layer.name} (${layer.className})`,
      outputShapeOf(model, layer),
      layer.built ? layer.countParams().toLocaleString('en-US') : '0 (unbuilt)',
    ];
    if (!sequentialLike) cells.push(connectionsOf(model, layer));
    return cells;
  });
  const line = (left: string, mid: string, right: string, fill: string): string =>
    left + inner.map((w) => fill.repeat(w + 2)).join(mid) + right;
  const row = (cells: string[], bar: string): string[] => {
    const cellLines = cells.map((c, i) => wrap(c, inner[i]));
    const height = Math.max(...cellLines.map((l) => l.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      const parts = cellLines.map((lines, i) => {
        const text = lines[k] ?? '';
        return rightAligned[i] ? text.padStart(inner[i]) : text.padEnd(inner[i]);
      });
      out.push(`${bar} ${parts.join(` ${bar} `)} ${bar}`);
    }
    return out;
  };
  const out: string[] = [];
  out.push(`Model: "${model.name}"`);
  out.push(line('┏', '┳', '┓', '━'));
  out.push(...row(header, '┃'));
  out.push(line('┡', '╇', '┩', '━'));
  rows.forEach((r, i) => {
    out.push(...row(r, '│'));
    if (i < rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  // As Keras: the optimizer's state counts once it is built (after the first update).
  const optimizerState = model.builtOptimizerVariables;
  out.push(countLine('Total params', [...model.weights, ...optimizerState]));
  out.push(countLine('Trainable params', model.trainableWeights));
  out.push(countLine('Non-trainable params', model.nonTrainableWeights));
  if (optimizerState.length > 0) out.push(countLine('Optimizer params', optimizerState));
  const text = out.join('\n');
  if (options.print !== false) (options.printFn ?? console.log)(text);
  return text;
}
