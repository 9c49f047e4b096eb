import { existsSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerializationError, ValueError } from '@layerwise/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileSystemUnavailableError, ModelFileNotFoundError } from './errors.js';
import { type FileSystemLike, hasNodeFileSystem, readModelFile, writeFileAtomic } from './file-io.js';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'layerwise-file-io-'));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fsp.rm(dir, { recursive: true, force: true });
});

const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const leftovers = async (d = dir) => (await fsp.readdir(d)).filter((n) => n.includes('.tmp-'));

interface Observed {
  tmp?: string;
  tmpSizeAtFailure?: number;
}

/**
 * The real file system, except that one step of the atomic write fails the
 * way a full disk or an I/O error would: `write` after writing half of its
 * bytes, `sync`, or `rename`.
 */
function failingFs(stage: 'write' | 'sync' | 'rename', observed: Observed): FileSystemLike {
  const fail = (what: string) => {
    if (observed.tmp !== undefined && existsSync(observed.tmp)) observed.tmpSizeAtFailure = statSync(observed.tmp).size;
    return Object.assign(new Error(`EIO: simulated failure during ${what}`), { code: 'EIO' });
  };
  const open = (async (path: string, flags?: string, mode?: number) => {
    const handle = await fsp.open(path, flags, mode);
    if (flags !== 'wx') return handle;
    observed.tmp = String(path);
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'write' && stage === 'write') {
          return async (buf: Uint8Array, offset: number, length: number, position: number) => {
            await target.write(buf, offset, Math.floor(length / 2), position);
            throw fail('write');
          };
        }
        if (prop === 'sync' && stage === 'sync') {
          return async () => {
            throw fail('sync');
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }) as unknown as FileSystemLike['open'];
  const rename = (async (from: string, to: string) => {
    if (stage === 'rename') throw fail('rename');
    return fsp.rename(from, to);
  }) as FileSystemLike['rename'];
  return { ...fsp, open, rename };
}

describe('writeFileAtomic', () => {
  it('writes the bytes, creating missing parent folders', async () => {
    const path = join(dir, 'a', 'b', 'model.lwm');
    const bytes = bytesOf(1000, 1);
    await writeFileAtomic(path, bytes);
    expect(new Uint8Array(await fsp.readFile(path))).toEqual(bytes);
    expect(await leftovers(join(dir, 'a', 'b'))).toEqual([]);
  });

  it('replaces an existing file and leaves no temporary file', async () => {
    const path = join(dir, 'model.lwm');
    await writeFileAtomic(path, bytesOf(500, 1));
    await writeFileAtomic(path, bytesOf(300, 2));
    expect(new Uint8Array(await fsp.readFile(path))).toEqual(bytesOf(300, 2));
    await writeFileAtomic(path, new Uint8Array(0));
    expect((await fsp.stat(path)).size).toBe(0);
    expect(await fsp.readdir(dir)).toEqual(['model.lwm']);
  });

  for (const stage of ['write', 'sync', 'rename'] as const) {
    it(`a failure during ${stage} keeps the previous file intact and removes the temporary file`, async () => {
      const path = join(dir, 'model.lwm');
      const good = bytesOf(4096, 3);
      await writeFileAtomic(path, good);
      const observed: Observed = {};
      await expect(writeFileAtomic(path, bytesOf(8192, 4), { fs: failingFs(stage, observed) })).rejects.toThrow(
        `EIO: simulated failure during ${stage}`,
      );
      // The temporary file really was on disk, next to the target, when the failure hit...
      expect(observed.tmp).toMatch(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}\\.tmp-${process.pid}-[a-z0-9]+$`));
      expect(observed.tmpSizeAtFailure).toBe(stage === 'write' ? 4096 : 8192);
      // ...and is gone now, while the good file is untouched.
      expect(existsSync(observed.tmp!)).toBe(false);
      expect(await leftovers()).toEqual([]);
      expect(new Uint8Array(await fsp.readFile(path))).toEqual(good);
    });
  }

  it('a failed first save leaves no file at all', async () => {
    const path = join(dir, 'new.lwm');
    await expect(writeFileAtomic(path, bytesOf(100, 5), { fs: failingFs('write', {}) })).rejects.toThrow(/EIO/);
    expect(await fsp.readdir(dir)).toEqual([]);
  });

  it('refuses a folder path and leaves the folder alone', async () => {
    const sub = join(dir, 'models');
    await fsp.mkdir(sub);
    await fsp.writeFile(join(sub, 'keep.txt'), 'x');
    const e = await writeFileAtomic(sub, bytesOf(10, 1)).catch((err: Error) => err);
    expect(e).toBeInstanceOf(SerializationError);
    expect((e as Error).message).toContain(`'${sub}'): the path is a folder`);
    expect((e as Error).message).toContain(join(sub, 'model.lwm'));
    expect(await fsp.readdir(sub)).toEqual(['keep.txt']);
    expect(await leftovers()).toEqual([]);
  });

  it('fails cleanly when a parent of the path is a file', async () => {
    await fsp.writeFile(join(dir, 'file.txt'), 'x');
    await expect(writeFileAtomic(join(dir, 'file.txt', 'model.lwm'), bytesOf(10, 1))).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(await fsp.readdir(dir)).toEqual(['file.txt']);
  });

  it('concurrent saves to one path each write a complete file', async () => {
    const path = join(dir, 'model.lwm');
    const a = bytesOf(20_000, 1);
    const b = bytesOf(10_000, 2);
    await Promise.all([writeFileAtomic(path, a), writeFileAtomic(path, b), writeFileAtomic(path, a)]);
    const got = Buffer.from(await fsp.readFile(path));
    expect(got.equals(a) || got.equals(b)).toBe(true);
    expect(await leftovers()).toEqual([]);
  });

  it('writes through a symbolic link, which keeps pointing at the new file', async () => {
    const real = join(dir, 'epoch-3.lwm');
    const link = join(dir, 'latest.lwm');
    await fsp.writeFile(real, bytesOf(10, 1));
    await fsp.symlink(real, link);
    await writeFileAtomic(link, bytesOf(20, 2));
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
    expect(new Uint8Array(await fsp.readFile(real))).toEqual(bytesOf(20, 2));
    expect(await leftovers()).toEqual([]);
  });

  it('rejects bad arguments', async () => {
    await expect(writeFileAtomic('', new Uint8Array(1))).rejects.toThrow(ValueError);
    await expect(writeFileAtomic(join(dir, 'x'), [1, 2] as unknown as Uint8Array)).rejects.toThrow(
      /expected the bytes as a Uint8Array/,
    );
  });
});

describe('readModelFile', () => {
  it('reads a file back as a Uint8Array', async () => {
    const path = join(dir, 'model.lwm');
    await fsp.writeFile(path, bytesOf(77, 9));
    const got = await readModelFile(path);
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Array.from(got)).toEqual(Array.from(bytesOf(77, 9)));
  });

  it('a missing file raises ModelFileNotFoundError with the path and a hint', async () => {
    for (const path of [join(dir, 'nope.lwm'), join(dir, 'no', 'such', 'folder', 'm.lwm')]) {
      const e = await readModelFile(path).catch((err: Error) => err);
      expect(e).toBeInstanceOf(ModelFileNotFoundError);
      expect(e).toBeInstanceOf(SerializationError);
      expect((e as ModelFileNotFoundError).path).toBe(path);
      expect((e as Error).message).toContain(`No model file at '${path}'`);
      expect((e as Error).message).toContain('no such file');
      expect((e as Error).message).toContain(`model.save('${path}')`);
    }
    await fsp.writeFile(join(dir, 'file.txt'), 'x');
    const e = await readModelFile(join(dir, 'file.txt', 'm.lwm')).catch((err: Error) => err);
    expect(e).toBeInstanceOf(ModelFileNotFoundError);
    expect((e as Error).message).toContain('a part of the path is a file, not a folder');
  });

  it('a folder raises a SerializationError naming the model files inside it', async () => {
    const e1 = await readModelFile(dir).catch((err: Error) => err);
    expect(e1).toBeInstanceOf(SerializationError);
    expect(e1).not.toBeInstanceOf(ModelFileNotFoundError);
    expect((e1 as Error).message).toContain(`'${dir}' is a folder, not a model file`);
    expect((e1 as Error).message).toContain('the folder holds no *.lwm file');
    await fsp.writeFile(join(dir, 'b.lwm'), 'x');
    await fsp.writeFile(join(dir, 'a.lwm'), 'x');
    await fsp.writeFile(join(dir, 'notes.txt'), 'x');
    const e2 = await readModelFile(dir).catch((err: Error) => err);
    expect((e2 as Error).message).toContain(`for example '${join(dir, 'a.lwm')}' (model files in it: a.lwm, b.lwm)`);
  });

  it('other system errors become a SerializationError with the cause attached', async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: 'EACCES' });
    const fs = {
      ...fsp,
      readFile: async () => {
        throw denied;
      },
    } as unknown as FileSystemLike;
    const e = await readModelFile(join(dir, 'm.lwm'), { fs }).catch((err: Error) => err);
    expect(e).toBeInstanceOf(SerializationError);
    expect((e as Error).message).toMatch(/Cannot read the model file .*EACCES.*permissions/);
    expect((e as Error).cause).toBe(denied);
  });
});

describe('outside Node', () => {
  it('file functions raise FileSystemUnavailableError pointing to memoryHandler', async () => {
    expect(hasNodeFileSystem()).toBe(true);
    vi.stubGlobal('process', undefined);
    const write = writeFileAtomic(join(dir, 'm.lwm'), new Uint8Array(1));
    const read = readModelFile(join(dir, 'm.lwm'));
    const detected = hasNodeFileSystem();
    vi.unstubAllGlobals();
    expect(detected).toBe(false);
    for (const p of [write, read]) {
      const e = await p.catch((err: Error) => err);
      expect(e).toBeInstanceOf(FileSystemUnavailableError);
      expect((e as Error).message).toMatch(/file paths work only in Node\.js/);
      expect((e as Error).message).toMatch(/memoryHandler\(\)/);
    }
    expect(await fsp.readdir(dir)).toEqual([]);
  });
});
