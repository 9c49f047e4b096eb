import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerializationError, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor } from '@layerwise/tensors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelArtifacts } from './artifacts.js';
import {
  decodeArtifacts,
  encodeArtifacts,
  FileSystemUnavailableError,
  fileHandler,
  isModelIOHandler,
  loadArtifacts,
  MODEL_FILE_EXTENSION,
  type ModelIOHandler,
  memoryHandler,
  resolveHandler,
  saveArtifacts,
} from './index.js';

let dir: string;
let weights: Tensor[];
let before = 0;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'layerwise-handlers-'));
  before = memory().numTensors;
  weights = [
    tensor([
      [1, 2],
      [3, 4],
    ]),
    tensor([5, 6], [2], 'int32'),
  ];
});
afterEach(async () => {
  vi.unstubAllGlobals();
  dispose(weights);
  expect(memory().numTensors).toBe(before);
  await fsp.rm(dir, { recursive: true, force: true });
});

const artifacts = (): ModelArtifacts => ({
  format: 'layerwise',
  formatVersion: 1,
  modelConfig: { className: 'Functional', config: { name: 'm' } },
  compileConfig: null,
  weights: [{ name: 'dense/kernel', tensor: weights[0] }],
  optimizerWeights: [{ name: 'iterations', tensor: weights[1] }],
  metadata: { layerwiseVersion: '0.1.0', savedAt: '2025-01-01T00:00:00.000Z' },
});

async function expectSameAsSaved(back: ModelArtifacts): Promise<void> {
  expect(back.modelConfig).toEqual(artifacts().modelConfig);
  expect(back.weights[0].name).toBe('dense/kernel');
  expect(Array.from(await back.weights[0].tensor.data())).toEqual([1, 2, 3, 4]);
  expect(back.weights[0].tensor.shape).toEqual([2, 2]);
  expect(back.optimizerWeights[0].tensor.dtype).toBe('int32');
  expect(Array.from(await back.optimizerWeights[0].tensor.data())).toEqual([5, 6]);
  dispose([...back.weights, ...back.optimizerWeights].map((w) => w.tensor));
}

describe('memoryHandler', () => {
  it('keeps the saved bytes in .bytes and loads them back', async () => {
    const h = memoryHandler();
    expect(h.kind).toBe('memory');
    expect(h.bytes).toBeUndefined();
    await saveArtifacts(artifacts(), h);
    expect(h.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(h.bytes!.subarray(0, 7), (c) => String.fromCharCode(c)).join('')).toBe('LWMODEL');
    await expectSameAsSaved(await loadArtifacts(h));
    // A second handler built from the bytes loads the same model.
    await expectSameAsSaved(await loadArtifacts(memoryHandler(h.bytes)));
  });

  it('loading before anything was saved is a SerializationError that says what to do', async () => {
    await expect(memoryHandler().load()).rejects.toThrow(SerializationError);
    await expect(loadArtifacts(memoryHandler())).rejects.toThrow(/holds no model yet.*memoryHandler\(bytes\)/);
  });

  it('rejects bytes that are not a Uint8Array', async () => {
    expect(() => memoryHandler(new ArrayBuffer(4) as unknown as Uint8Array)).toThrow(/new Uint8Array\(buffer\)/);
    await expect(memoryHandler().save('x' as unknown as Uint8Array)).rejects.toThrow(ValueError);
  });

  it('decode errors name the source', async () => {
    const h = memoryHandler();
    await saveArtifacts(artifacts(), h);
    h.bytes![h.bytes!.length - 6] ^= 1;
    const e = await loadArtifacts(h).catch((err: Error) => err);
    expect(e).toBeInstanceOf(SerializationError);
    expect((e as Error).message).toMatch(/^memory: The file is corrupt: checksum mismatch/);
    expect((e as Error).cause).toBeInstanceOf(SerializationError);
  });
});

describe('fileHandler', () => {
  it(`saves atomically to a ${MODEL_FILE_EXTENSION} file and loads it back`, async () => {
    const path = join(dir, `model${MODEL_FILE_EXTENSION}`);
    const h = fileHandler(path);
    expect(h.kind).toBe('file');
    expect(h.path).toBe(path);
    await saveArtifacts(artifacts(), h);
    expect(await fsp.readdir(dir)).toEqual(['model.lwm']);
    await expectSameAsSaved(await loadArtifacts(h));
    await expectSameAsSaved(await loadArtifacts(path));
  });

  it('a plain path string works for save and load; errors name the file', async () => {
    const path = join(dir, 'sub', 'm.lwm');
    await saveArtifacts(artifacts(), path);
    await expectSameAsSaved(await loadArtifacts(path));
    await fsp.writeFile(path, Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0));
    await expect(loadArtifacts(path)).rejects.toThrow(
      new RegExp(`^file '${path.replace(/[.\\]/g, '\\$&')}': Not a Layerwise model file.*Keras 3 \\.keras`),
    );
  });

  it('a save whose encoding fails keeps the previous file', async () => {
    const path = join(dir, 'm.lwm');
    await saveArtifacts(artifacts(), path);
    const good = await fsp.readFile(path);
    const bad = { ...artifacts(), weights: [{ name: 'w', tensor: tensor(['a']) }] };
    await expect(saveArtifacts(bad, path)).rejects.toThrow(SerializationError);
    dispose(bad.weights[0].tensor);
    expect((await fsp.readFile(path)).equals(good)).toBe(true);
    expect(await fsp.readdir(dir)).toEqual(['m.lwm']);
  });

  it('outside Node it raises FileSystemUnavailableError at once', () => {
    vi.stubGlobal('process', { versions: {} });
    const e1 = (() => {
      try {
        fileHandler('model.lwm');
      } catch (e) {
        return e;
      }
    })();
    const e2 = (() => {
      try {
        resolveHandler('model.lwm');
      } catch (e) {
        return e;
      }
    })();
    const memory = memoryHandler();
    vi.unstubAllGlobals();
    expect(e1).toBeInstanceOf(FileSystemUnavailableError);
    expect(e2).toBeInstanceOf(FileSystemUnavailableError);
    expect((e1 as Error).message).toMatch(/memoryHandler/);
    expect(memory.kind).toBe('memory');
  });
});

describe('resolveHandler', () => {
  it('turns a path into a file handler and passes handlers through', () => {
    const h = resolveHandler('x.lwm');
    expect(h).toMatchObject({ kind: 'file', path: 'x.lwm' });
    const m = memoryHandler();
    expect(resolveHandler(m)).toBe(m);
    const custom: ModelIOHandler = { save: async () => {}, load: async () => new Uint8Array(0) };
    expect(resolveHandler(custom)).toBe(custom);
    expect(isModelIOHandler(custom)).toBe(true);
    expect(isModelIOHandler('x.lwm')).toBe(false);
    expect(isModelIOHandler({ save: () => {} })).toBe(false);
  });

  it('rejects anything else with a ValueError', () => {
    for (const bad of [42, null, undefined, {}, { save: async () => {} }]) {
      expect(() => resolveHandler(bad as unknown as string)).toThrow(ValueError);
    }
    expect(() => resolveHandler(null as unknown as string)).toThrow(/found null/);
    expect(() => resolveHandler('')).toThrow(/non-empty file path/);
  });

  it('a user handler receives complete model files', async () => {
    const store: Uint8Array[] = [];
    const custom: ModelIOHandler = {
      description: 'test store',
      save: async (bytes) => {
        store.push(bytes);
      },
      load: async () => store[store.length - 1],
    };
    await saveArtifacts(artifacts(), custom);
    expect(store).toHaveLength(1);
    expect(store[0]).toEqual(await encodeArtifacts(artifacts()));
    await expectSameAsSaved(await loadArtifacts(custom));
    const decoded = decodeArtifacts(store[0]);
    await expectSameAsSaved(decoded);
  });
});
