// TensorBoard: the event files are read back by a reader written here, apart from the writer:
// its own TFRecord framing parser, its own bitwise CRC-32C and its own protobuf decoder.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelLike, OptimizerLike } from '@layerwise/core';
import { dispose, variable } from '@layerwise/tensors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackList } from '../callback-list.js';
import { crc32c, maskedCrc32c } from './crc32c.js';
import { EventFileWriter, tfRecord } from './event-writer.js';
import { TensorBoard } from './tensorboard.js';

// ---------- independent reader ----------

/** Bitwise CRC-32C (no table). */
function bitCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function bitMasked(bytes: Uint8Array): number {
  const c = bitCrc32c(bytes);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** Splits a TFRecord file, checking every length and CRC. */
function readRecords(file: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = 0;
  while (at < file.length) {
    expect(file.length - at).toBeGreaterThanOrEqual(12);
    const len = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(bitMasked(file.subarray(at, at + 8)));
    const data = file.subarray(at + 12, at + 12 + len);
    expect(data.length).toBe(len);
    expect(view.getUint32(at + 12 + len, true)).toBe(bitMasked(data));
    out.push(data);
    at += 16 + len;
  }
  expect(at).toBe(file.length);
  return out;
}

type Field =
  | { wire: 0; value: bigint }
  | { wire: 1; bytes: Uint8Array }
  | { wire: 2; bytes: Uint8Array }
  | { wire: 5; bytes: Uint8Array };

/** Decodes one message into its fields by number (repeated fields keep order). */
function decode(buf: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[i++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const num = key >>> 3;
    const wire = key & 7;
    let f: Field;
    if (wire === 0) f = { wire, value: varint() };
    else if (wire === 1) {
      f = { wire, bytes: buf.subarray(i, i + 8) };
      i += 8;
    } else if (wire === 5) {
      f = { wire, bytes: buf.subarray(i, i + 4) };
      i += 4;
    } else if (wire === 2) {
      const n = Number(varint());
      f = { wire, bytes: buf.subarray(i, i + n) };
      i += n;
    } else throw new Error(`unexpected wire type ${wire}`);
    if (i > buf.length) throw new Error('truncated field');
    const list = fields.get(num) ?? [];
    list.push(f);
    fields.set(num, list);
  }
  return fields;
}
const one = (m: Map<number, Field[]>, n: number): Field | undefined => m.get(n)?.[0];
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const asDouble = (f: Field | undefined): number =>
  f === undefined ? 0 : dv((f as { bytes: Uint8Array }).bytes).getFloat64(0, true);
const asFloat = (f: Field | undefined): number =>
  f === undefined ? 0 : dv((f as { bytes: Uint8Array }).bytes).getFloat32(0, true);
const asInt = (f: Field | undefined): number =>
  f === undefined ? 0 : Number(BigInt.asIntN(64, (f as { value: bigint }).value));
const asBytes = (f: Field | undefined): Uint8Array =>
  f === undefined ? new Uint8Array(0) : (f as { bytes: Uint8Array }).bytes;
const asString = (f: Field | undefined): string => new TextDecoder().decode(asBytes(f));
const packedDoubles = (f: Field | undefined): number[] => {
  const b = asBytes(f);
  return Array.from({ length: b.length / 8 }, (_, k) => dv(b).getFloat64(k * 8, true));
};

interface ReadHisto {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}
interface ReadValue {
  tag: string;
  simple?: number;
  histo?: ReadHisto;
  tensorString?: string;
  tensorDtype?: number;
  plugin?: string;
  pluginContent?: string;
}
interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values?: ReadValue[];
}

function readEvents(file: Uint8Array): ReadEvent[] {
  return readRecords(file).map((rec) => {
    const e = decode(rec);
    const ev: ReadEvent = { wallTime: asDouble(one(e, 1)), step: asInt(one(e, 2)) };
    if (e.has(3)) ev.fileVersion = asString(one(e, 3));
    if (e.has(5)) {
      const summary = decode(asBytes(one(e, 5)));
      ev.values = (summary.get(1) ?? []).map((vf) => {
        const v = decode(asBytes(vf));
        const out: ReadValue = { tag: asString(one(v, 1)) };
        if (v.has(2)) out.simple = asFloat(one(v, 2));
        if (v.has(5)) {
          const h = decode(asBytes(one(v, 5)));
          out.histo = {
            min: asDouble(one(h, 1)),
            max: asDouble(one(h, 2)),
            num: asDouble(one(h, 3)),
            sum: asDouble(one(h, 4)),
            sumSquares: asDouble(one(h, 5)),
            bucketLimit: packedDoubles(one(h, 6)),
            bucket: packedDoubles(one(h, 7)),
          };
        }
        if (v.has(8)) {
          const t = decode(asBytes(one(v, 8)));
          out.tensorDtype = asInt(one(t, 1));
          out.tensorString = asString(one(t, 8));
        }
        if (v.has(9)) {
          const pd = decode(asBytes(one(decode(asBytes(one(v, 9))), 1)));
          out.plugin = asString(one(pd, 1));
          out.pluginContent = asString(one(pd, 2));
        }
        return out;
      });
    }
    return ev;
  });
}

const f32 = (x: number) => Math.fround(x);

// ---------- fixtures ----------

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-tb-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const NOW_MS = 1_700_000_000_123;

async function onlyFile(sub: string): Promise<{ name: string; events: ReadEvent[] }> {
  const names = await fs.readdir(path.join(dir, sub));
  expect(names).toHaveLength(1);
  const bytes = new Uint8Array(await fs.readFile(path.join(dir, sub, names[0])));
  return { name: names[0], events: readEvents(bytes) };
}

describe('crc32c', () => {
  it('matches the standard check value and the bitwise reference', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32c(check)).toBe(0xe3069283);
    expect(bitCrc32c(check)).toBe(0xe3069283);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 0xff);
    expect(crc32c(bytes)).toBe(bitCrc32c(bytes));
    expect(crc32c(bytes.subarray(400), crc32c(bytes.subarray(0, 400)))).toBe(bitCrc32c(bytes));
    expect(maskedCrc32c(bytes)).toBe(bitMasked(bytes));
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('frames a record as length, masked CRC of the length, data, masked CRC of the data', () => {
    const data = new Uint8Array([1, 2, 3, 250]);
    const rec = tfRecord(data);
    expect(rec.length).toBe(20);
    expect(readRecords(rec)).toEqual([data]);
    // One flipped bit in the data breaks the data CRC.
    const bad = rec.slice();
    bad[13] ^= 1;
    expect(() => readRecords(bad)).toThrow();
  });
});

describe('TensorBoard', () => {
  function fakeModel(withWeights: boolean): ModelLike & { optimizer: OptimizerLike } {
    const optimizer = { iterations: 0, learningRate: 0.01 } as unknown as OptimizerLike;
    const weights = withWeights
      ? [
          variable(
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
            { name: 'dense/kernel:0' },
          ),
          variable([0.5, 0.5, 0.5], { name: 'dense/bias' }),
        ]
      : undefined;
    return {
      name: 'm',
      stopTraining: false,
      optimizer,
      getWeights: () => [],
      setWeights: () => {},
      weights,
      getConfig: () => ({ name: 'm', layers: [{ class_name: 'Dense', config: { units: 3 } }] }),
    };
  }

  const epochLogs = [
    { loss: 0.9, accuracy: 0.5, val_loss: 0.95, val_accuracy: 0.45 },
    { loss: 0.6, accuracy: 0.7, val_loss: 0.7, val_accuracy: 0.65 },
    { loss: 0.4, accuracy: 0.8, val_loss: 0.5, val_accuracy: 0.75 },
  ];

  async function fit(tb: TensorBoard, model: ModelLike & { optimizer: OptimizerLike }, batches = 4): Promise<void> {
    const list = new CallbackList([tb], { model, params: { epochs: 3, steps: batches, verbose: 0 } });
    await list.onTrainBegin();
    for (const [epoch, logs] of epochLogs.entries()) {
      await list.onEpochBegin(epoch);
      for (let b = 0; b < batches; b++) {
        await list.onTrainBatchBegin(b);
        (model.optimizer as { iterations: number }).iterations++;
        await list.onTrainBatchEnd(b, { loss: 1 / (epoch * batches + b + 1) });
      }
      await list.onTestBegin();
      await list.onTestEnd({ loss: logs.val_loss, accuracy: logs.val_accuracy });
      await list.onEpochEnd(epoch, logs);
    }
    await list.onTrainEnd(epochLogs.at(-1));
  }

  it('writes Keras tags, steps and float32 values to train/ and validation/ event files', async () => {
    const model = fakeModel(false);
    const tb = new TensorBoard({ logDir: dir, hostname: 'testhost', now: () => NOW_MS });
    await fit(tb, model);

    for (const sub of ['train', 'validation']) {
      const { name, events } = await onlyFile(sub);
      expect(name).toBe('events.out.tfevents.1700000000.testhost');
      expect(events[0]).toEqual({ wallTime: NOW_MS / 1000, step: 0, fileVersion: 'brain.Event:2' });
      for (const e of events) expect(e.wallTime).toBe(NOW_MS / 1000);
    }

    const train = (await onlyFile('train')).events.slice(1);
    // Graph first (step 0), then one summary per epoch.
    const graph = train[0].values![0];
    expect(train[0].step).toBe(0);
    expect(graph.tag).toBe('keras');
    expect(graph.plugin).toBe('graph_keras_model');
    expect(graph.pluginContent).toBe('1');
    expect(graph.tensorDtype).toBe(7);
    expect(JSON.parse(graph.tensorString!)).toEqual({ class_name: 'Model', config: model.getConfig!() });
    const epochs = train.slice(1);
    expect(epochs.map((e) => e.step)).toEqual([0, 1, 2]);
    for (const [i, e] of epochs.entries()) {
      expect(e.values).toEqual([
        { tag: 'epoch_loss', simple: f32(epochLogs[i].loss) },
        { tag: 'epoch_accuracy', simple: f32(epochLogs[i].accuracy) },
        { tag: 'epoch_learning_rate', simple: f32(0.01) },
      ]);
    }

    const val = (await onlyFile('validation')).events.slice(1);
    // Per epoch: the evaluation summary (step: optimizer iterations), then the epoch summary.
    expect(val.map((e) => e.step)).toEqual([4, 0, 8, 1, 12, 2]);
    for (let i = 0; i < 3; i++) {
      expect(val[2 * i].values).toEqual([
        { tag: 'evaluation_loss_vs_iterations', simple: f32(epochLogs[i].val_loss) },
        { tag: 'evaluation_accuracy_vs_iterations', simple: f32(epochLogs[i].val_accuracy) },
      ]);
      expect(val[2 * i + 1].values).toEqual([
        { tag: 'epoch_loss', simple: f32(epochLogs[i].val_loss) },
        { tag: 'epoch_accuracy', simple: f32(epochLogs[i].val_accuracy) },
      ]);
    }
  });

  it("writes batch_* scalars every updateFreq batches at the global batch step, none with 'epoch'", async () => {
    const model = fakeModel(false);
    const tb = new TensorBoard({ logDir: dir, hostname: 'h', now: () => NOW_MS, updateFreq: 3, writeGraph: false });
    await fit(tb, model, 4);
    const train = (await onlyFile('train')).events.slice(1);
    const batch = train.filter((e) => e.values?.[0].tag === 'batch_loss');
    // 12 batches in all: global batches 3, 6, 9, 12; the loss of global batch g is 1 / g.
    expect(batch.map((e) => e.step)).toEqual([3, 6, 9, 12]);
    expect(batch.map((e) => e.values)).toEqual([3, 6, 9, 12].map((g) => [{ tag: 'batch_loss', simple: f32(1 / g) }]));
    expect(train.filter((e) => e.values?.[0].tag === 'keras')).toHaveLength(0);

    await fs.rm(dir, { recursive: true, force: true });
    const tb2 = new TensorBoard({ logDir: dir, hostname: 'h', now: () => NOW_MS, writeGraph: false });
    await fit(tb2, fakeModel(false), 4);
    const train2 = (await onlyFile('train')).events.slice(1);
    expect(train2.every((e) => e.values!.every((v) => v.tag.startsWith('epoch_')))).toBe(true);
    expect(train2).toHaveLength(3);
  });

  it('writes weight histograms every histogramFreq epochs, read at epoch end', async () => {
    const model = fakeModel(true);
    let reads = 0;
    for (const w of model.weights!) {
      const data = w.data.bind(w);
      (w as { data: typeof w.data }).data = (() => {
        reads++;
        return data();
      }) as typeof w.data;
    }
    const tb = new TensorBoard({ logDir: dir, hostname: 'h', now: () => NOW_MS, histogramFreq: 2, writeGraph: false });
    await fit(tb, model, 4);
    expect(reads).toBe(4); // epochs 0 and 2, two weights each; never per batch
    const train = (await onlyFile('train')).events.slice(1);
    const histos = train.filter((e) => e.values?.[0].histo !== undefined);
    expect(histos.map((e) => e.step)).toEqual([0, 2]);
    const [kernel, bias] = histos[0].values!;
    expect(kernel.tag).toBe('dense/kernel_0/histogram');
    expect(bias.tag).toBe('dense/bias/histogram');
    const k = kernel.histo!;
    expect([k.min, k.max, k.num, k.sum, k.sumSquares]).toEqual([1, 6, 6, 21, 91]);
    expect(k.bucket).toHaveLength(30);
    expect(k.bucketLimit).toHaveLength(30);
    expect(k.bucketLimit.at(-1)).toBe(6);
    for (let i = 0; i < 29; i++) expect(k.bucketLimit[i]).toBeCloseTo(1 + ((i + 1) * 5) / 30, 12);
    expect(k.bucket.reduce((a, b) => a + b, 0)).toBe(6);
    // Values 1..6 fall in buckets floor((v - 1) / (5/30)) = 0, 6, 12, 18, 24 and the last one.
    expect([0, 6, 12, 18, 24, 29].map((i) => k.bucket[i])).toEqual([1, 1, 1, 1, 1, 1]);
    // All-equal values: one bucket.
    expect(bias.histo).toEqual({
      min: 0.5,
      max: 0.5,
      num: 3,
      sum: 1.5,
      sumSquares: 0.75,
      bucketLimit: [0.5],
      bucket: [3],
    });
    dispose(model.weights!);
  });

  it('writes nothing for validation when there are no val_ logs, and rejects bad options', async () => {
    const tb = new TensorBoard({ logDir: dir, hostname: 'h', now: () => NOW_MS, writeGraph: false });
    tb.setModel({ name: 'm', stopTraining: false, getWeights: () => [], setWeights: () => {} });
    await tb.onTrainBegin();
    await tb.onEpochEnd(0, { loss: 0.5 });
    await tb.onTrainEnd();
    expect(await fs.readdir(dir)).toEqual(['train']);
    const events = (await onlyFile('train')).events;
    expect(events[1].values).toEqual([{ tag: 'epoch_loss', simple: 0.5 }]);

    expect(() => new TensorBoard({ updateFreq: 0 })).toThrow(/updateFreq/);
    expect(() => new TensorBoard({ histogramFreq: -1 })).toThrow(/histogramFreq/);
    expect(() => new TensorBoard({ logDir: '' })).toThrow(/logDir/);
  });

  it('gives two writers started in the same second separate files', async () => {
    const a = await EventFileWriter.create(dir, { hostname: 'h', now: () => NOW_MS });
    const b = await EventFileWriter.create(dir, { hostname: 'h', now: () => NOW_MS });
    await a.writeSummary(5, [{ tag: 'x', simpleValue: 1 }]);
    await Promise.all([a.close(), b.close()]);
    expect((await fs.readdir(dir)).sort()).toEqual([
      'events.out.tfevents.1700000000.h',
      'events.out.tfevents.1700000000.h.1',
    ]);
    const events = readEvents(new Uint8Array(await fs.readFile(a.path)));
    expect(events.map((e) => e.step)).toEqual([0, 5]);
    await expect(a.writeSummary(6, [])).rejects.toThrow(/closed/);
  });

  it('raises a clear error without a file system', async () => {
    const proc = globalThis.process;
    const versions = proc.versions;
    Object.defineProperty(proc, 'versions', { value: {}, configurable: true });
    try {
      await expect(EventFileWriter.create(dir)).rejects.toThrow(/needs a file system/);
    } finally {
      Object.defineProperty(proc, 'versions', { value: versions, configurable: true });
    }
  });
});
