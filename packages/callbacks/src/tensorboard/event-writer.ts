/**
 * Writing TensorBoard event files: a sequence of TFRecords, each an encoded
 * `Event`, in Node only. `node:fs/promises` and `node:os` are loaded with a
 * non-literal dynamic `import()` when a writer is created, so a browser bundle
 * that never creates one never loads them.
 */
import { LayerwiseError } from '@layerwise/core';
import { hasNodeFileSystem, type NodeFs, nodeModule } from '../node-modules.js';
import { maskedCrc32c } from './crc32c.js';
import { type EventContent, encodeEvent, type SummaryValue } from './proto.js';

type NodeFileHandle = Awaited<ReturnType<NodeFs['open']>>;

/** Thrown where TensorBoard logging needs a file system that the runtime does not have (a browser, a worker). */
export class TensorBoardFileSystemError extends LayerwiseError {}

/**
 * Frames one record as TFRecord does: the length as a little-endian uint64,
 * the masked CRC-32C of those 8 bytes, the data, the masked CRC-32C of the data.
 *
 * @example
 * ```ts
 * const record = tfRecord(new Uint8Array([1, 2, 3])); // 8 + 4 + 3 + 4 bytes
 * ```
 */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Options of {@link EventFileWriter.create}. */
export interface EventFileWriterOptions {
  /** The host name in the file name; `os.hostname()` when omitted. */
  hostname?: string;
  /** The clock, in milliseconds since the epoch (tests pass a fixed one); `Date.now` when omitted. */
  now?: () => number;
}

/**
 * Appends `Event` records to one `events.out.tfevents.<unix seconds>.<hostname>`
 * file in a directory (created if missing). The first record is the
 * `file_version: "brain.Event:2"` header that TensorBoard looks for. Writes
 * run one after another in call order; {@link EventFileWriter.close} waits for
 * them and closes the file.
 *
 * @example
 * ```ts
 * const writer = await EventFileWriter.create('logs/train');
 * await writer.writeSummary(0, [{ tag: 'epoch_loss', simpleValue: 0.5 }]);
 * await writer.close();
 * ```
 */
export class EventFileWriter {
  private pending: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    /** The event file's full path. */
    readonly path: string,
    private readonly handle: NodeFileHandle,
    private readonly now: () => number,
  ) {}

  /** Creates the directory and the event file and writes the file-version record. */
  static async create(dir: string, options: EventFileWriterOptions = {}): Promise<EventFileWriter> {
    if (!hasNodeFileSystem()) {
      throw new TensorBoardFileSystemError(
        `TensorBoard('${dir}'): writing TensorBoard event files needs a file system, and this code runs without ` +
          'one (a browser or a worker: process.versions.node is not set). Use the TensorBoard callback in Node.js, ' +
          'or log metrics from a custom callback (e.g. History) in the browser.',
      );
    }
    const fs = await nodeModule<NodeFs>('node:fs/promises');
    const hostname = options.hostname ?? (await nodeModule<typeof import('node:os')>('node:os')).hostname();
    const now = options.now ?? Date.now;
    await fs.mkdir(dir, { recursive: true });
    const base = `${dir.replace(/[\\/]+$/, '')}/events.out.tfevents.${Math.floor(now() / 1000)}.${hostname}`;
    // Two writers started in the same second must not share a file: add a counter then.
    for (let n = 0; ; n++) {
      const path = n === 0 ? base : `${base}.${n}`;
      let handle: NodeFileHandle;
      try {
        handle = await fs.open(path, 'wx');
      } catch (err) {
        if ((err as { code?: string }).code === 'EEXIST' && n < 1000) continue;
        throw err;
      }
      const writer = new EventFileWriter(path, handle, now);
      await writer.writeEvent(0, { fileVersion: 'brain.Event:2' });
      return writer;
    }
  }

  /** Appends one `Event` record with the current wall time. */
  writeEvent(step: number, content: EventContent): Promise<void> {
    if (this.closed) {
      return Promise.reject(new TensorBoardFileSystemError(`EventFileWriter('${this.path}'): the writer is closed.`));
    }
    const record = tfRecord(encodeEvent(this.now() / 1000, step, content));
    const write = this.pending.then(async () => {
      await this.handle.write(record);
    });
    // Keep the chain alive after a failure; the caller of this write still sees the error.
    this.pending = write.catch(() => {});
    return write;
  }

  /** Appends one `Event` holding a `Summary` of the given values at `step`. */
  writeSummary(step: number, values: readonly SummaryValue[]): Promise<void> {
    return this.writeEvent(step, { summary: values });
  }

  /** Waits for the writes so far (each write goes straight to the file, so TensorBoard sees it then). */
  async flush(): Promise<void> {
    await this.pending;
  }

  /** Waits for the writes so far and closes the file. Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pending;
    await this.handle.close();
  }
}
