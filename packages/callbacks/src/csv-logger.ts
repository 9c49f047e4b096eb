/**
 * `CSVLogger`: Keras 3's callback that streams epoch results to a CSV file (Node only).
 */
import { LayerwiseError, type Logs, ValueError } from '@layerwise/core';
import { Callback } from './callback.js';
import { hasNodeFileSystem, type NodeFs, nodeModule } from './node-modules.js';
import { pyFloatStr } from './str-format.js';

type FileHandle = Awaited<ReturnType<NodeFs['open']>>;

/**
 * Options of {@link CSVLogger}.
 *
 * @example
 * ```ts
 * new CSVLogger('run/log.csv', { separator: ';', append: true });
 * ```
 */
export interface CSVLoggerOptions {
  /** What separates the fields of a row (default `','`). */
  separator?: string;
  /** Append to the file when it exists, to continue a training run (default false: overwrite). */
  append?: boolean;
}

/**
 * Writes one CSV row per epoch as it ends (Keras's
 * `keras.callbacks.CSVLogger`). Columns are `epoch` (counting from 0, as
 * Keras writes it) then the log entries in sorted order, taken from the first
 * epoch's logs; when those have no `val_` entry, a `val_<name>` column is
 * added for each (as Keras does, so a later validation pass has a column),
 * and entries an epoch lacks are written `NA`. Numbers are written as Python
 * writes floats (`0.5`, `1.0`, `1e-05`); lines end with `\r\n` (Python's
 * `csv` default), and fields containing the separator, a quote or a line
 * break are quoted.
 *
 * With `append`, rows go at the end of an existing file and the header is
 * written only if the file is empty or missing. The file is opened at
 * `onTrainBegin`, written after every epoch, and closed at `onTrainEnd`.
 *
 * Node only: the constructor throws in a runtime without a file system (a
 * browser or a worker, where `process.versions.node` is not set).
 *
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, validationSplit: 0.1, callbacks: [new CSVLogger('training.csv')] });
 * // training.csv:
 * // epoch,accuracy,loss,val_accuracy,val_loss
 * // 0,0.81,0.52,0.84,0.47
 * // ...
 * ```
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  /** The columns after `epoch`, fixed by the first epoch of a run; `null` before it. */
  keys: string[] | null = null;

  private file: FileHandle | null = null;
  private appendHeader = true;
  private headerWritten = false;

  constructor(filename: string, options: CSVLoggerOptions = {}) {
    super();
    if (!hasNodeFileSystem()) {
      throw new LayerwiseError(
        `CSVLogger('${filename}') needs a file system, which only Node.js has; this code runs without one ` +
          '(a browser or a worker: process.versions.node is not set). Record the logs with History, or a ' +
          'callback of your own, and store them where the browser can (IndexedDB, a download).',
      );
    }
    if (typeof filename !== 'string' || filename.length === 0) {
      throw new ValueError(`CSVLogger: filename must be a non-empty string, got ${String(filename)}.`);
    }
    this.filename = filename;
    this.separator = options.separator ?? ',';
    if (this.separator.length === 0) throw new ValueError('CSVLogger: separator must not be empty.');
    this.append = options.append ?? false;
  }

  override async onTrainBegin(_logs?: Logs): Promise<void> {
    const fs = await nodeModule<NodeFs>('node:fs/promises');
    await this.close();
    this.appendHeader = true;
    if (this.append) {
      const existing = await fs.readFile(this.filename, 'utf8').catch((err: { code?: string }) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      this.appendHeader = existing.split('\n', 1)[0]?.length === 0;
    }
    this.file = await fs.open(this.filename, this.append ? 'a' : 'w');
    this.keys = null;
    this.headerWritten = false;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.file === null) await this.onTrainBegin();
    if (this.keys === null) {
      const keys = Object.keys(logs).sort();
      if (keys.length > 0 && !keys.some((k) => k.startsWith('val_'))) keys.push(...keys.map((k) => `val_${k}`));
      this.keys = keys;
    }
    let text = '';
    if (!this.headerWritten) {
      this.headerWritten = true;
      if (this.appendHeader) text += this.row(['epoch', ...this.keys]);
    }
    const values = this.keys.map((key) => {
      const value = key in logs ? logs[key] : undefined;
      return typeof value === 'number' ? pyFloatStr(value) : value === undefined ? 'NA' : String(value);
    });
    text += this.row([String(epoch), ...values]);
    await this.file?.write(text);
  }

  override async onTrainEnd(_logs?: Logs): Promise<void> {
    await this.close();
  }

  private row(fields: string[]): string {
    return `${fields.map((f) => this.quote(f)).join(this.separator)}\r\n`;
  }

  /** Python csv's QUOTE_MINIMAL. */
  private quote(field: string): string {
    if (field.includes(this.separator) || field.includes('"') || /[\r\n]/.test(field)) {
      return `"${field.replaceAll('"', '""')}"`;
    }
    return field;
  }

  private async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    if (file !== null) await file.close();
  }
}
