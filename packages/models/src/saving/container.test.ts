import { DisposedTensorError, SerializationError, ValueError } from '@layerwise/core';
import { complex, dispose, memory, scalar, type Tensor, tensor, tidy, zeros } from '@layerwise/tensors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelArtifacts, NamedTensor } from './artifacts.js';
import {
  decodeArtifacts,
  encodeArtifacts,
  MODEL_FILE_MAGIC,
  readContainer,
  readModelFileHeader,
  writeContainer,
} from './container.js';

/** Bitwise CRC-32 written independently of the table-driven one. */
function referenceCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const metadata = { layerwiseVersion: '0.1.0', savedAt: '2025-01-02T03:04:05.000Z', backend: 'cpu' };

function artifacts(weights: NamedTensor[], optimizerWeights: NamedTensor[] = []): ModelArtifacts {
  return {
    format: 'layerwise',
    formatVersion: 1,
    modelConfig: { className: 'Sequential', config: { name: 'seq', layers: [{ className: 'Dense', config: {} }] } },
    compileConfig: { optimizer: { className: 'Adam', config: { learningRate: 0.001 } }, loss: 'mse', metrics: [] },
    weights,
    optimizerWeights,
    metadata,
  };
}

async function values(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>);
}

function disposeArtifacts(a: ModelArtifacts): void {
  dispose([...a.weights, ...a.optimizerWeights].map((w) => w.tensor));
}

/** A small valid file: one float32 [2] weight [1, 2]. */
async function smallFile(): Promise<Uint8Array> {
  const t = tensor([1, 2]);
  try {
    return await encodeArtifacts(artifacts([{ name: 'w', tensor: t }]));
  } finally {
    dispose(t);
  }
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}

const header24 = (bytes: Uint8Array) => {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    version: v.getUint32(8, true),
    jsonLength: v.getUint32(12, true),
    dataLength: v.getUint32(16, true) + v.getUint32(20, true) * 2 ** 32,
  };
};

let before = 0;
beforeEach(() => {
  before = memory().numTensors;
});
afterEach(() => {
  expect(memory().numTensors).toBe(before);
});

describe('encodeArtifacts / decodeArtifacts round trip', () => {
  it('restores every dtype, scalars and empty tensors, in order, with exact values', async () => {
    const floats = [1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-40, 3.4e38];
    const weights: NamedTensor[] = [
      { name: 'dense/kernel', tensor: tensor([...floats, 7, 8, 9, 10, 11], [3, 4]) },
      { name: 'dense/bias', tensor: scalar(0.25) },
      { name: 'empty/float', tensor: zeros([0, 4]) },
      { name: 'ints', tensor: tensor([-2147483648, 2147483647, 0, -1, 42], [5], 'int32') },
      { name: 'int/scalar', tensor: scalar(-7, 'int32') },
      { name: 'empty/int', tensor: zeros([0], 'int32') },
      { name: 'mask', tensor: tensor([true, false, false, true, true, false], [2, 3], 'bool') },
      { name: 'bool/scalar', tensor: scalar(true, 'bool') },
      { name: 'empty/bool', tensor: zeros([3, 0], 'bool') },
      { name: 'spectrum', tensor: complex([1, -2.5, 3], [0.5, 4, -6]) },
      { name: 'complex/scalar', tensor: complex(2, -3) },
      { name: 'empty/complex', tensor: tidy(() => complex(zeros([0, 2]), zeros([0, 2]))) },
      { name: 'dense/kernel', tensor: tensor([[1, 2]]) }, // duplicate names are kept, order decides
    ];
    const opt: NamedTensor[] = [
      { name: 'iterations', tensor: scalar(12, 'int32') },
      { name: 'adam/m', tensor: tensor([0.1, 0.2, 0.3]) },
      { name: 'adam/empty', tensor: zeros([0]) },
    ];
    const original = artifacts(weights, opt);
    const bytes = await encodeArtifacts(original);
    const back = decodeArtifacts(bytes);
    try {
      expect(back.format).toBe('layerwise');
      expect(back.formatVersion).toBe(1);
      expect(back.modelConfig).toEqual(original.modelConfig);
      expect(back.compileConfig).toEqual(original.compileConfig);
      expect(back.metadata).toEqual(metadata);
      expect(back.weights.map((w) => w.name)).toEqual(weights.map((w) => w.name));
      expect(back.optimizerWeights.map((w) => w.name)).toEqual(opt.map((w) => w.name));
      for (const [list, ref] of [
        [back.weights, weights],
        [back.optimizerWeights, opt],
      ] as const) {
        for (let i = 0; i < ref.length; i++) {
          const got = list[i].tensor;
          const want = ref[i].tensor;
          expect(got).not.toBe(want);
          expect(got.dtype, ref[i].name).toBe(want.dtype);
          expect(got.shape, ref[i].name).toEqual(want.shape);
          const [g, w] = [await values(got), await values(want)];
          expect(g.length).toBe(w.length);
          // Object.is: NaN equals NaN, -0 differs from 0 (bit-exact float32).
          for (const [k, x] of g.entries()) {
            expect(Object.is(x, w[k]), `${ref[i].name}[${k}]: ${x} vs ${w[k]}`).toBe(true);
          }
        }
      }
      expect(await values(back.weights[6].tensor)).toEqual([1, 0, 0, 1, 1, 0]);
      expect(await values(back.weights[9].tensor)).toEqual([1, 0.5, -2.5, 4, 3, -6]);
    } finally {
      disposeArtifacts(back);
      dispose([...weights, ...opt].map((w) => w.tensor));
    }
  });

  it('decoded tensors are independent of the input bytes', async () => {
    const bytes = await smallFile();
    const back = decodeArtifacts(bytes);
    bytes.fill(0);
    expect(await values(back.weights[0].tensor)).toEqual([1, 2]);
    disposeArtifacts(back);
  });

  it('round-trips an uncompiled model with no weights and no optimizer state', async () => {
    const a = artifacts([]);
    a.compileConfig = null;
    a.metadata = { layerwiseVersion: '0.1.0', savedAt: 'now' };
    const back = decodeArtifacts(await encodeArtifacts(a));
    expect(back).toEqual(a);
  });

  it('decodes from a Uint8Array at any byte offset (a Node Buffer slice)', async () => {
    const bytes = await smallFile();
    for (const shift of [1, 3, 5]) {
      const host = new Uint8Array(bytes.length + 16);
      host.set(bytes, shift);
      const back = decodeArtifacts(host.subarray(shift, shift + bytes.length));
      expect(await values(back.weights[0].tensor)).toEqual([1, 2]);
      disposeArtifacts(back);
    }
    const back = decodeArtifacts(Buffer.from(bytes));
    expect(await values(back.weights[0].tensor)).toEqual([1, 2]);
    disposeArtifacts(back);
  });

  it('reads tensors back in groups (one data() per group, never dataSync) and maps every slice right', async () => {
    const weights = Array.from({ length: 30 }, (_, i) => ({
      name: `w${i}`,
      tensor: i % 3 === 0 ? tensor([i, -i], [2], 'int32') : tensor(Array.from({ length: i + 1 }, (_, k) => i + k / 8)),
    }));
    const dataSpies = weights.map((w) => vi.spyOn(w.tensor, 'data'));
    const syncSpies = weights.map((w) => vi.spyOn(w.tensor, 'dataSync'));
    const grouped = await encodeArtifacts(artifacts(weights));
    // Every tensor was read through its group's concatenation, not on its own.
    expect(dataSpies.every((s) => s.mock.calls.length === 0)).toBe(true);
    const single = await encodeArtifacts(artifacts(weights), { readGroupBytes: 0 });
    expect(dataSpies.every((s) => s.mock.calls.length === 1)).toBe(true);
    const small = await encodeArtifacts(artifacts(weights), { readGroupBytes: 40 });
    expect(syncSpies.every((s) => s.mock.calls.length === 0)).toBe(true);
    expect(single).toEqual(grouped);
    expect(small).toEqual(grouped);
    const back = decodeArtifacts(grouped);
    for (let i = 0; i < weights.length; i++) {
      expect(await values(back.weights[i].tensor)).toEqual(await values(weights[i].tensor));
    }
    disposeArtifacts(back);
    dispose(weights.map((w) => w.tensor));
  });

  it('normalizes bool values to 0/1 bytes', async () => {
    const t = tensor(new Uint8Array([2, 0, 255]), [3], 'bool');
    const bytes = await encodeArtifacts(artifacts([{ name: 'b', tensor: t }]));
    const back = decodeArtifacts(bytes);
    expect(await values(back.weights[0].tensor)).toEqual([1, 0, 1]);
    disposeArtifacts(back);
    dispose(t);
  });

  it('creates and leaks no tensors across repeated encode/decode cycles', async () => {
    const weights = [
      { name: 'a', tensor: tensor([[1, 2, 3]]) },
      { name: 'b', tensor: tensor([1, 2], [2], 'int32') },
      { name: 'c', tensor: complex([1], [2]) },
    ];
    const start = memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const bytes = await encodeArtifacts(artifacts(weights));
      expect(memory().numTensors).toBe(start);
      const back = decodeArtifacts(bytes);
      expect(memory().numTensors).toBe(start + 3);
      disposeArtifacts(back);
      expect(memory().numTensors).toBe(start);
    }
    dispose(weights.map((w) => w.tensor));
  });
});

describe('byte layout', () => {
  it('writes the documented preamble, JSON header, padding, little-endian data and CRC-32', async () => {
    const w = tensor([1, 2]);
    const b = tensor([true, false, true], [3], 'bool');
    const i = scalar(-2, 'int32');
    const bytes = await encodeArtifacts(
      artifacts(
        [
          { name: 'w', tensor: w },
          { name: 'b', tensor: b },
        ],
        [{ name: 'iterations', tensor: i }],
      ),
    );
    dispose([w, b, i]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x4c, 0x57, 0x4d, 0x4f, 0x44, 0x45, 0x4c, 0x00]);
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('LWMODEL');
    expect([...MODEL_FILE_MAGIC]).toEqual(Array.from(bytes.subarray(0, 8)));
    const { version, jsonLength, dataLength } = header24(bytes);
    expect(version).toBe(1);
    const json = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + jsonLength)));
    expect(json).toEqual({
      format: 'layerwise',
      formatVersion: 1,
      byteOrder: 'little',
      modelConfig: artifacts([]).modelConfig,
      compileConfig: artifacts([]).compileConfig,
      metadata,
      tensors: [
        { name: 'w', section: 'weights', dtype: 'float32', shape: [2], offset: 0, byteLength: 8 },
        { name: 'b', section: 'weights', dtype: 'bool', shape: [3], offset: 8, byteLength: 3 },
        { name: 'iterations', section: 'optimizer', dtype: 'int32', shape: [], offset: 16, byteLength: 4 },
      ],
    });
    const dataStart = Math.ceil((24 + jsonLength) / 8) * 8;
    expect(Array.from(bytes.subarray(24 + jsonLength, dataStart)).every((x) => x === 0)).toBe(true);
    expect(dataLength).toBe(20);
    expect(bytes.length).toBe(dataStart + 20 + 4);
    expect(Array.from(bytes.subarray(dataStart, dataStart + 20))).toEqual([
      ...[0x00, 0x00, 0x80, 0x3f], // 1.0f little-endian
      ...[0x00, 0x00, 0x00, 0x40], // 2.0f
      ...[1, 0, 1, 0, 0, 0, 0, 0], // bool bytes, then zero padding to the next multiple of 8
      ...[0xfe, 0xff, 0xff, 0xff], // int32 -2
    ]);
    const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 4, true);
    expect(stored).toBe(referenceCrc32(bytes.subarray(0, bytes.length - 4)));
  });

  it('encoding is deterministic', async () => {
    expect(await smallFile()).toEqual(await smallFile());
  });

  it('readModelFileHeader returns the manifest without creating tensors', async () => {
    const bytes = await smallFile();
    const start = memory().numTensors;
    const header = readModelFileHeader(bytes);
    expect(memory().numTensors).toBe(start);
    expect(header.metadata).toEqual(metadata);
    expect(header.tensors).toEqual([
      { name: 'w', section: 'weights', dtype: 'float32', shape: [2], offset: 0, byteLength: 8 },
    ]);
  });
});

describe('corrupt and foreign input', () => {
  const expectSerializationError = (bytes: Uint8Array, pattern: RegExp): Error => {
    const start = memory().numTensors;
    const e = errorOf(() => decodeArtifacts(bytes));
    expect(e).toBeInstanceOf(SerializationError);
    expect(e.message).toMatch(pattern);
    expect(memory().numTensors).toBe(start);
    return e;
  };

  it('a flipped byte anywhere after the preamble is a checksum mismatch', async () => {
    const good = await smallFile();
    const { jsonLength } = header24(good);
    for (const at of [24, 24 + Math.floor(jsonLength / 2), good.length - 9, good.length - 5, good.length - 1]) {
      const bad = good.slice();
      bad[at] ^= 0x10;
      const e = expectSerializationError(bad, /the file is corrupt: checksum mismatch/i);
      expect(e.message).toMatch(/stored CRC-32 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}/);
      expect(e.message).toMatch(/save the model again/);
    }
  });

  it('a truncated file says it is truncated, with expected and actual sizes', async () => {
    const good = await smallFile();
    const { jsonLength } = header24(good);
    expectSerializationError(good.subarray(0, 0), /empty \(0 bytes\)/);
    for (const n of [3, 8, 23]) {
      expectSerializationError(good.subarray(0, n), new RegExp(`truncated: it has only ${n} bytes`));
    }
    for (const n of [24, 24 + jsonLength - 1, good.length - 10, good.length - 1]) {
      const e = expectSerializationError(good.subarray(0, n), /The file is truncated/);
      expect(e.message).toContain(`${good.length} bytes long`);
      expect(e.message).toContain(`only ${n} bytes are present`);
    }
  });

  it('bytes after the checksum are reported', async () => {
    const good = await smallFile();
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expectSerializationError(longer, /3 unexpected bytes after the checksum/);
  });

  it('wrong magic: not a Layerwise model file, with what was found', () => {
    const e = expectSerializationError(new TextEncoder().encode('hello world, not a model'), /Not a Layerwise model/);
    expect(e.message).toContain('LWMODEL');
    expect(e.message).toContain('68 65 6c 6c 6f 20 77 6f ("hello wo")');
    expect(e.message).toMatch(/model\.save\(\)/);
  });

  it('a Keras .keras zip is recognized and pointed to @layerwise/io', () => {
    const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 1, 2, 3);
    const e = expectSerializationError(zip, /Not a Layerwise model file/);
    expect(e.message).toMatch(/Keras 3 \.keras file/);
    expect(e.message).toMatch(/@layerwise\/io in a later release/);
  });

  it('an HDF5 (.h5) file is recognized and pointed to @layerwise/io', () => {
    const h5 = Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0);
    const e = expectSerializationError(h5, /Not a Layerwise model file/);
    expect(e.message).toMatch(/HDF5/);
    expect(e.message).toMatch(/@layerwise\/io in a later release/);
  });

  it('a JSON file (TF.js model.json) is recognized', () => {
    const e = expectSerializationError(new TextEncoder().encode('\n  {"modelTopology": {}}'), /look like JSON/);
    expect(e.message).toMatch(/@layerwise\/io/);
  });

  it('a newer format version asks to upgrade; version 0 is corrupt', async () => {
    const good = await smallFile();
    const future = good.slice();
    new DataView(future.buffer).setUint32(8, 2, true);
    const e = expectSerializationError(future, /Unsupported model file format version 2/);
    expect(e.message).toMatch(/reads format version 1/);
    expect(e.message).toMatch(/upgrade @layerwise\/models/);
    const zero = good.slice();
    new DataView(zero.buffer).setUint32(8, 0, true);
    expectSerializationError(zero, /corrupt: its format version field is 0/);
  });

  it('an unparsable JSON header is reported (with a valid checksum)', () => {
    expectSerializationError(writeContainer('{"format": "layerwise", oops', new Uint8Array(0)), /could not be parsed/);
    const badUtf8 = writeContainer('{"a":"xx"}', new Uint8Array(0));
    badUtf8[24 + 6] = 0xff; // invalid UTF-8 inside the string, with the checksum made valid again
    new DataView(badUtf8.buffer).setUint32(badUtf8.length - 4, referenceCrc32(badUtf8.subarray(0, -4)), true);
    expectSerializationError(badUtf8, /could not be parsed/);
  });

  const validHeader = () => ({
    format: 'layerwise',
    formatVersion: 1,
    byteOrder: 'little',
    modelConfig: { className: 'Sequential', config: {} },
    compileConfig: null,
    metadata: { layerwiseVersion: '0.1.0', savedAt: 'x' },
    tensors: [{ name: 'k', section: 'weights', dtype: 'float32', shape: [2, 3], offset: 0, byteLength: 24 }],
  });
  const craft = (mutate: (h: ReturnType<typeof validHeader>) => void, data = new Uint8Array(24)) => {
    const h = validHeader();
    mutate(h);
    return writeContainer(JSON.stringify(h), data);
  };

  it('a crafted valid container decodes (the baseline for the manifest checks)', async () => {
    const back = decodeArtifacts(craft(() => {}));
    expect(back.weights[0].tensor.shape).toEqual([2, 3]);
    expect(await values(back.weights[0].tensor)).toEqual([0, 0, 0, 0, 0, 0]);
    disposeArtifacts(back);
  });

  it('a manifest entry pointing outside the data is reported', () => {
    const e = expectSerializationError(
      craft((h) => {
        h.tensors[0].offset = 8;
      }),
      /points outside the data/,
    );
    expect(e.message).toContain("tensors[0] ('k') claims bytes [8, 32) of the tensor data, which is only 24 bytes");
  });

  it('a shape / byte-length mismatch is reported', () => {
    const e = expectSerializationError(
      craft((h) => {
        h.tensors[0].byteLength = 20;
      }),
      /inconsistent/,
    );
    expect(e.message).toContain('shape [2,3] and dtype float32, which take 24 bytes, but the manifest gives it 20');
  });

  it('an unknown dtype, a bad shape and missing header fields are reported', () => {
    expectSerializationError(
      craft((h) => {
        h.tensors[0].dtype = 'float16';
      }),
      /Unsupported tensor dtype.*"float16".*float32, int32, bool, complex64/,
    );
    expectSerializationError(
      craft((h) => {
        (h.tensors[0] as { shape: unknown }).shape = [2, -3];
      }),
      /tensors\[0\] \('k'\)\.shape should be an array of non-negative integers/,
    );
    expectSerializationError(
      craft((h) => {
        (h as { modelConfig?: unknown }).modelConfig = undefined;
      }),
      /modelConfig should be an object/,
    );
    expectSerializationError(
      craft((h) => {
        h.format = 'keras';
      }),
      /format should be 'layerwise', found string "keras"/,
    );
    expectSerializationError(writeContainer('[1, 2]', new Uint8Array(0)), /JSON header should be an object/);
  });

  it('a bool tensor holding a byte other than 0 or 1 is reported', () => {
    expectSerializationError(
      craft(
        (h) => {
          h.tensors[0] = { name: 'm', section: 'weights', dtype: 'bool', shape: [3], offset: 0, byteLength: 3 };
        },
        Uint8Array.of(1, 0, 7),
      ),
      /'m'\) is bool, but element 2 holds byte 7/,
    );
  });

  it('readContainer checks the checksum before parsing', async () => {
    const good = await smallFile();
    expect(readContainer(good).data.length).toBe(8);
  });

  it('non-Uint8Array input is a ValueError', () => {
    expect(() => decodeArtifacts(new ArrayBuffer(8) as unknown as Uint8Array)).toThrow(/wrap it as new Uint8Array/);
    expect(() => decodeArtifacts('LWMODEL' as unknown as Uint8Array)).toThrow(ValueError);
  });
});

describe('encode input errors', () => {
  it('a string tensor cannot be stored', async () => {
    const s = tensor(['a', 'b']);
    await expect(encodeArtifacts(artifacts([{ name: 'vocab', tensor: s }]))).rejects.toThrow(SerializationError);
    await expect(encodeArtifacts(artifacts([{ name: 'vocab', tensor: s }]))).rejects.toThrow(
      /weights\[0\] \('vocab'\) has dtype string.*Expected one of: float32, int32, bool, complex64/,
    );
    dispose(s);
  });

  it('a disposed tensor is named', async () => {
    const t = tensor([1]);
    dispose(t);
    await expect(encodeArtifacts(artifacts([], [{ name: 'm', tensor: t }]))).rejects.toThrow(DisposedTensorError);
    await expect(encodeArtifacts(artifacts([], [{ name: 'm', tensor: t }]))).rejects.toThrow(
      /optimizerWeights\[0\] \('m'\) is a disposed tensor/,
    );
  });

  it('malformed artifacts are ValueErrors that name the field', async () => {
    const t = tensor([1]);
    const bad = (patch: Record<string, unknown>) => ({ ...artifacts([{ name: 'w', tensor: t }]), ...patch });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ formatVersion: 2 }, /formatVersion 1/],
      [{ modelConfig: { config: {} } }, /modelConfig should be a serialized object/],
      [{ compileConfig: 'adam' }, /compileConfig should be a config object or null/],
      [{ metadata: { savedAt: 'x' } }, /metadata should be \{ layerwiseVersion/],
      [{ weights: undefined }, /weights should be an array/],
      [{ weights: [{ name: 'w', tensor: [1, 2] }] }, /weights\[0\] \('w'\) should hold a Tensor/],
      [{ weights: [{ tensor: t }] }, /weights\[0\] should be \{ name: string, tensor: Tensor \}/],
    ];
    for (const [patch, pattern] of cases) {
      await expect(encodeArtifacts(bad(patch) as unknown as ModelArtifacts)).rejects.toThrow(ValueError);
      await expect(encodeArtifacts(bad(patch) as unknown as ModelArtifacts)).rejects.toThrow(pattern);
    }
    await expect(encodeArtifacts(bad({}) as ModelArtifacts, { readGroupBytes: -1 })).rejects.toThrow(/readGroupBytes/);
    dispose(t);
  });

  it('a config that is not JSON-serializable is reported', async () => {
    const a = artifacts([]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    (a.modelConfig.config as Record<string, unknown>).bad = cyclic;
    await expect(encodeArtifacts(a)).rejects.toThrow(/not JSON-serializable/);
  });
});
