/**
 * The native Layerwise model file: one self-describing binary file that holds
 * a model's configs, metadata, weights and optimizer state.
 *
 * Byte layout (all integers little-endian):
 *
 * | offset | size | content |
 * | --- | --- | --- |
 * | 0 | 8 | magic `LWMODEL\0` (`4c 57 4d 4f 44 45 4c 00`) |
 * | 8 | 4 | uint32 container format version (`1`) |
 * | 12 | 4 | uint32 `J`: byte length of the JSON header |
 * | 16 | 8 | uint64 `D`: byte length of the tensor data |
 * | 24 | `J` | the JSON header, UTF-8 (see {@link ModelFileHeader}) |
 * | 24 + `J` | 0..7 | zero padding up to `S = ceil8(24 + J)` |
 * | `S` | `D` | raw tensor bytes; each tensor starts at a multiple of 8, zero padding between |
 * | `S + D` | 4 | uint32 CRC-32 (IEEE, as zlib) of bytes `[0, S + D)` |
 *
 * The file is exactly `S + D + 4` bytes. Each entry of the header's
 * `tensors` manifest gives a tensor's name, section (`'weights'` or
 * `'optimizer'`), dtype, shape, and its `offset` and `byteLength` relative to
 * `S`. Element encodings: float32 and int32 as 4-byte little-endian values,
 * bool as one byte per element (0 or 1), complex64 as interleaved float32
 * (real, imaginary) pairs. Tensors are stored in row-major order; weights
 * first, then optimizer state, each in the order given.
 */
import {
  type Config,
  DisposedTensorError,
  SerializationError,
  type SerializedObject,
  ValueError,
} from '@layerwise/core';
import { complex, concat, dispose, reshape, type Tensor, tensor, tidy } from '@layerwise/tensors';
import {
  MODEL_FORMAT_NAME,
  MODEL_FORMAT_VERSION,
  type ModelArtifacts,
  type ModelMetadata,
  type NamedTensor,
} from './artifacts.js';
import { crc32 } from './crc32.js';

/**
 * The 8 bytes every native Layerwise model file starts with: `LWMODEL\0`.
 *
 * @example
 * ```ts
 * const isLayerwise = MODEL_FILE_MAGIC.every((b, i) => bytes[i] === b);
 * ```
 */
export const MODEL_FILE_MAGIC: readonly number[] = Object.freeze([0x4c, 0x57, 0x4d, 0x4f, 0x44, 0x45, 0x4c, 0x00]);

const PREAMBLE_BYTES = 24;
const CHECKSUM_BYTES = 4;
const ALIGN = 8;
const DEFAULT_READ_GROUP_BYTES = 64 * 1024 * 1024;

/**
 * Options of {@link encodeArtifacts}.
 *
 * @example
 * ```ts
 * const bytes = await encodeArtifacts(artifacts, { readGroupBytes: 16 * 1024 * 1024 });
 * ```
 */
export interface EncodeOptions {
  /**
   * Tensors of one dtype are flattened, concatenated and read back from the
   * device together, in groups of up to this many bytes (default 64 MiB), so
   * a model with hundreds of small weights costs a few device read-backs, not
   * hundreds. A group briefly needs this much extra device memory; lower it
   * when device memory is tight, or set 0 to read every tensor on its own.
   */
  readGroupBytes?: number;
}

/** The dtypes the format stores. */
export type SavedDType = 'float32' | 'int32' | 'bool' | 'complex64';

/** Which list a stored tensor belongs to. */
export type TensorSection = 'weights' | 'optimizer';

const BYTES_PER_ELEMENT: Record<SavedDType, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const SAVED_DTYPES = Object.keys(BYTES_PER_ELEMENT) as SavedDType[];

/**
 * One entry of a model file's tensor manifest.
 *
 * @example
 * ```ts
 * const e: TensorManifestEntry = {
 *   name: 'dense/kernel', section: 'weights', dtype: 'float32', shape: [4, 2], offset: 0, byteLength: 32,
 * };
 * ```
 */
export interface TensorManifestEntry {
  name: string;
  section: TensorSection;
  dtype: SavedDType;
  shape: number[];
  /** Byte offset from the start of the tensor data (a multiple of 8 when written by Layerwise). */
  offset: number;
  byteLength: number;
}

/**
 * The JSON header of a model file: configs, metadata and the tensor manifest.
 * {@link readModelFileHeader} returns it without creating any tensor.
 *
 * @example
 * ```ts
 * const header = readModelFileHeader(bytes);
 * console.log(header.metadata.layerwiseVersion, header.tensors.map((t) => `${t.name} ${t.shape}`));
 * ```
 */
export interface ModelFileHeader {
  format: 'layerwise';
  formatVersion: 1;
  /** Always `'little'`: the byte order of every number in the file. */
  byteOrder: 'little';
  modelConfig: SerializedObject;
  compileConfig: Config | null;
  metadata: ModelMetadata;
  tensors: TensorManifestEntry[];
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Reverses the bytes of each 4-byte word in place (for big-endian hosts only). */
function swapWords(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i];
    const b = bytes[i + 1];
    bytes[i] = bytes[i + 3];
    bytes[i + 1] = bytes[i + 2];
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const shapeText = (shape: readonly number[]): string => `[${shape.join(',')}]`;

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return `${typeof v} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------
// Writing

interface PendingTensor {
  path: string;
  entry: TensorManifestEntry;
  tensor: Tensor;
}

function checkNamedTensors(list: unknown, field: 'weights' | 'optimizerWeights', section: TensorSection) {
  if (!Array.isArray(list)) {
    throw new ValueError(
      `encodeArtifacts: artifacts.${field} should be an array of { name, tensor }, found ${describeValue(list)}. ` +
        'Pass an empty array when there is nothing to save.',
    );
  }
  return (list as NamedTensor[]).map((item, i) => {
    const path = `${field}[${i}]`;
    if (!isPlainObject(item) || typeof item.name !== 'string') {
      throw new ValueError(
        `encodeArtifacts: ${path} should be { name: string, tensor: Tensor }, found ${describeValue(item)}` +
          `${isPlainObject(item) ? ` with name ${describeValue(item.name)}` : ''}. Give every saved tensor a string name.`,
      );
    }
    const t = item.tensor as Tensor | undefined;
    if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || typeof t.data !== 'function') {
      throw new ValueError(
        `encodeArtifacts: ${path} ('${item.name}') should hold a Tensor, found ${describeValue(t)}. ` +
          'Pass the weight variable or tensor itself, not its values.',
      );
    }
    if (t.isDisposed) {
      throw new DisposedTensorError(
        `encodeArtifacts: ${path} ('${item.name}') is a disposed tensor, so its values are gone. ` +
          'Save before disposing the model or optimizer, or keep the tensor alive until the save has finished.',
      );
    }
    if (!(SAVED_DTYPES as string[]).includes(t.dtype)) {
      throw new SerializationError(
        `encodeArtifacts: ${path} ('${item.name}') has dtype ${t.dtype}, which the Layerwise model format cannot ` +
          `store. Expected one of: ${SAVED_DTYPES.join(', ')}. Keep string data out of model weights ` +
          '(store it in a layer config instead).',
      );
    }
    const dtype = t.dtype as SavedDType;
    const shape = [...t.shape];
    const entry: TensorManifestEntry = {
      name: item.name,
      section,
      dtype,
      shape,
      offset: 0,
      byteLength: sizeOf(shape) * BYTES_PER_ELEMENT[dtype],
    };
    return { path, entry, tensor: t } satisfies PendingTensor;
  });
}

function checkArtifacts(a: ModelArtifacts): void {
  if (!isPlainObject(a)) {
    throw new ValueError(`encodeArtifacts: expected a ModelArtifacts object, found ${describeValue(a)}.`);
  }
  if (a.format !== MODEL_FORMAT_NAME || a.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ValueError(
      `encodeArtifacts: expected format 'layerwise' and formatVersion ${MODEL_FORMAT_VERSION}, found format ` +
        `${describeValue(a.format)} and formatVersion ${describeValue(a.formatVersion)}. This release writes only ` +
        `version ${MODEL_FORMAT_VERSION}.`,
    );
  }
  const mc = a.modelConfig as unknown;
  if (!isPlainObject(mc) || typeof mc.className !== 'string' || !isPlainObject(mc.config)) {
    throw new ValueError(
      `encodeArtifacts: artifacts.modelConfig should be a serialized object { className: string, config: {...} } ` +
        `(what serialize(model) returns), found ${describeValue(mc)}.`,
    );
  }
  if (a.compileConfig !== null && !isPlainObject(a.compileConfig)) {
    throw new ValueError(
      `encodeArtifacts: artifacts.compileConfig should be a config object or null (uncompiled model), found ` +
        `${describeValue(a.compileConfig)}.`,
    );
  }
  const md = a.metadata as unknown;
  if (
    !isPlainObject(md) ||
    typeof md.layerwiseVersion !== 'string' ||
    typeof md.savedAt !== 'string' ||
    (md.backend !== undefined && typeof md.backend !== 'string')
  ) {
    throw new ValueError(
      'encodeArtifacts: artifacts.metadata should be { layerwiseVersion: string, savedAt: string, backend?: string }, ' +
        `found ${describeValue(md)}${isPlainObject(md) ? ` with keys ${Object.keys(md).join(', ') || '(none)'}` : ''}.`,
    );
  }
}

/**
 * Reads the values of every tensor with as few device read-backs as possible:
 * tensors of one dtype are flattened and concatenated into groups of up to
 * `groupBytes` that are read with one async `data()` each (complex64 tensors
 * and larger tensors are read on their own). Returns each tensor's bytes in host
 * byte order.
 */
async function readTensorBytes(pending: PendingTensor[], groupBytes: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = pending.map(() => new Uint8Array(0));
  const reads: Promise<void>[] = [];
  const readGroup = (members: number[]): void => {
    reads.push(
      (async () => {
        const single = members.length === 1;
        const source = single
          ? pending[members[0]].tensor
          : tidy(() => concat(members.map((m) => reshape(pending[m].tensor, [pending[m].tensor.size]))));
        let values: ArrayBufferView;
        try {
          values = (await source.data()) as unknown as ArrayBufferView;
        } finally {
          if (!single) dispose(source);
        }
        let byteOffset = 0;
        for (const m of members) {
          const n = pending[m].entry.byteLength;
          out[m] = new Uint8Array(values.buffer, values.byteOffset + byteOffset, n);
          byteOffset += n;
        }
      })(),
    );
  };
  const groups = new Map<SavedDType, { members: number[]; bytes: number }>();
  pending.forEach(({ entry }, i) => {
    if (entry.byteLength === 0) return;
    if (entry.dtype === 'complex64' || entry.byteLength >= groupBytes) {
      readGroup([i]);
      return;
    }
    let g = groups.get(entry.dtype);
    if (g !== undefined && g.bytes + entry.byteLength > groupBytes) {
      readGroup(g.members);
      g = undefined;
    }
    if (g === undefined) {
      g = { members: [], bytes: 0 };
      groups.set(entry.dtype, g);
    }
    g.members.push(i);
    g.bytes += entry.byteLength;
  });
  for (const g of groups.values()) readGroup(g.members);
  await Promise.all(reads);
  return out;
}

/** Lays out the preamble, JSON header and data, lets `fill` write the data, and appends the checksum. */
function assemble(json: Uint8Array, dataLength: number, fill: (file: Uint8Array, dataStart: number) => void) {
  const dataStart = align(PREAMBLE_BYTES + json.length);
  const total = dataStart + dataLength + CHECKSUM_BYTES;
  const file = new Uint8Array(total);
  const view = new DataView(file.buffer);
  file.set(MODEL_FILE_MAGIC, 0);
  view.setUint32(8, MODEL_FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, dataLength % 2 ** 32, true);
  view.setUint32(20, Math.floor(dataLength / 2 ** 32), true);
  file.set(json, PREAMBLE_BYTES);
  fill(file, dataStart);
  view.setUint32(total - CHECKSUM_BYTES, crc32(file, 0, total - CHECKSUM_BYTES), true);
  return file;
}

/**
 * Writes a container around any JSON header text and data bytes, with a
 * valid checksum. Internal: tests use it to build files with crafted headers.
 */
export function writeContainer(jsonText: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(jsonText);
  return assemble(json, data.length, (file, start) => file.set(data, start));
}

/**
 * Encodes model artifacts as one native Layerwise model file (see the layout
 * in this module's documentation). Tensor values are read with one async
 * `data()` per group of same-dtype tensors (see {@link EncodeOptions}), never
 * `dataSync()`; no tensor is created that
 * outlives the call, and the given tensors stay owned by the caller.
 *
 * Raises a `ValueError` for malformed artifacts, a `DisposedTensorError` for
 * a disposed tensor, and a `SerializationError` for a dtype the format cannot
 * store (string).
 *
 * @example
 * ```ts
 * const bytes = await encodeArtifacts({
 *   format: 'layerwise', formatVersion: 1,
 *   modelConfig: { className: 'Sequential', config: { layers: [] } },
 *   compileConfig: null,
 *   weights: [{ name: 'dense/kernel', tensor: kernel }],
 *   optimizerWeights: [],
 *   metadata: { layerwiseVersion: '0.1.0', savedAt: new Date().toISOString() },
 * });
 * ```
 */
export async function encodeArtifacts(artifacts: ModelArtifacts, options: EncodeOptions = {}): Promise<Uint8Array> {
  const groupBytes = options.readGroupBytes ?? DEFAULT_READ_GROUP_BYTES;
  if (typeof groupBytes !== 'number' || !(groupBytes >= 0)) {
    throw new ValueError(
      `encodeArtifacts: options.readGroupBytes should be a non-negative number of bytes, found ` +
        `${describeValue(groupBytes)}. Omit it for the default of 64 MiB.`,
    );
  }
  checkArtifacts(artifacts);
  const pending = [
    ...checkNamedTensors(artifacts.weights, 'weights', 'weights'),
    ...checkNamedTensors(artifacts.optimizerWeights, 'optimizerWeights', 'optimizer'),
  ];
  let cursor = 0;
  for (const { entry } of pending) {
    entry.offset = align(cursor);
    cursor = entry.offset + entry.byteLength;
  }
  const dataLength = cursor;
  const header: ModelFileHeader = {
    format: MODEL_FORMAT_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    byteOrder: 'little',
    modelConfig: artifacts.modelConfig,
    compileConfig: artifacts.compileConfig,
    metadata: artifacts.metadata,
    tensors: pending.map((p) => p.entry),
  };
  let jsonText: string;
  try {
    jsonText = JSON.stringify(header);
  } catch (e) {
    throw new SerializationError(
      `encodeArtifacts: the model, compile or metadata config is not JSON-serializable (${(e as Error).message}). ` +
        'Configs must hold only strings, numbers, booleans, null, arrays and plain objects (no cycles, no BigInt).',
    );
  }
  const json = new TextEncoder().encode(jsonText);
  const values = await readTensorBytes(pending, groupBytes);
  return assemble(json, dataLength, (file, dataStart) => {
    pending.forEach(({ entry }, i) => {
      const at = dataStart + entry.offset;
      const src = values[i];
      if (entry.dtype === 'bool') {
        for (let k = 0; k < src.length; k++) file[at + k] = src[k] === 0 ? 0 : 1;
        return;
      }
      file.set(src, at);
      if (!LITTLE_ENDIAN_HOST) swapWords(file.subarray(at, at + src.length));
    });
  });
}

// ---------------------------------------------------------------------------
// Reading

const READ_HINT = 'Check that the path points to a file written by Layerwise (model.save(), usually named *.lwm).';
const RESAVE_HINT = 'Restore the file from a good copy, or save the model again.';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function foreignFormatHint(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return (
      'The bytes look like a zip archive, such as a Keras 3 .keras file. Keras .keras files are read by ' +
      '@layerwise/io in a later release; this loader reads only native Layerwise model files (*.lwm).'
    );
  }
  if (startsWith(bytes, [0x89, 0x48, 0x44, 0x46])) {
    return (
      'The bytes look like an HDF5 file, such as a legacy Keras .h5 model. HDF5 models are read by ' +
      '@layerwise/io in a later release; this loader reads only native Layerwise model files (*.lwm).'
    );
  }
  let i = 0;
  while (i < bytes.length && i < 64 && [0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(bytes[i])) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) {
    return (
      'The bytes look like JSON, such as a TensorFlow.js model.json or a Keras config. Those formats are read by ' +
      '@layerwise/io in a later release; this loader reads only native Layerwise model files (*.lwm).'
    );
  }
  return READ_HINT;
}

function describeBytes(bytes: Uint8Array, n: number): string {
  const head = bytes.subarray(0, n);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `${hex} ("${text}")`;
}

interface RawContainer {
  header: unknown;
  /** The tensor data section (a view into the input, not a copy). */
  data: Uint8Array;
}

/**
 * Checks the preamble, length and checksum of a container and parses its
 * JSON header. Internal; raises a `SerializationError` for every defect.
 */
export function readContainer(bytes: Uint8Array): RawContainer {
  if (!(bytes instanceof Uint8Array)) {
    throw new ValueError(
      `decodeArtifacts: expected the file's bytes as a Uint8Array (a Node Buffer works too), found ` +
        `${describeValue(bytes)}${(bytes as unknown) instanceof ArrayBuffer ? ' (an ArrayBuffer: wrap it as new Uint8Array(buffer))' : ''}.`,
    );
  }
  const magic = MODEL_FILE_MAGIC;
  if (bytes.length === 0) {
    throw new SerializationError(
      'Not a Layerwise model file: it is empty (0 bytes), but a model file starts with the 8-byte signature ' +
        `"LWMODEL\\0". The save that wrote it probably failed. ${RESAVE_HINT}`,
    );
  }
  const magicLength = Math.min(bytes.length, magic.length);
  if (!startsWith(bytes, magic.slice(0, magicLength))) {
    throw new SerializationError(
      'Not a Layerwise model file: expected the 8-byte signature "LWMODEL\\0" (4c 57 4d 4f 44 45 4c 00) at the ' +
        `start, found ${describeBytes(bytes, 8)}. ${foreignFormatHint(bytes)}`,
    );
  }
  if (bytes.length < PREAMBLE_BYTES) {
    throw new SerializationError(
      `The file is truncated: it has only ${bytes.length} bytes, but a Layerwise model file has a ` +
        `${PREAMBLE_BYTES}-byte preamble followed by a header, tensor data and a checksum. The save or copy was ` +
        `interrupted. ${RESAVE_HINT}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== MODEL_FORMAT_VERSION) {
    if (version > MODEL_FORMAT_VERSION && version < 0x10000) {
      throw new SerializationError(
        `Unsupported model file format version ${version}: this release of @layerwise/models reads format ` +
          `version ${MODEL_FORMAT_VERSION}. The file was written by a newer Layerwise; upgrade @layerwise/models ` +
          '(or the layerwise package) to load it.',
      );
    }
    throw new SerializationError(
      `The file is corrupt: its format version field is ${version}, but valid versions are 1 to ` +
        `${MODEL_FORMAT_VERSION} for this release. ${RESAVE_HINT}`,
    );
  }
  const jsonLength = view.getUint32(12, true);
  const dataLow = view.getUint32(16, true);
  const dataHigh = view.getUint32(20, true);
  if (dataHigh >= 2 ** 21) {
    throw new SerializationError(
      `The file is corrupt: its tensor data length field (high word ${hex32(dataHigh)}) is beyond any real file ` +
        `size. ${RESAVE_HINT}`,
    );
  }
  const dataLength = dataHigh * 2 ** 32 + dataLow;
  const dataStart = align(PREAMBLE_BYTES + jsonLength);
  const total = dataStart + dataLength + CHECKSUM_BYTES;
  if (bytes.length < total) {
    throw new SerializationError(
      `The file is truncated: its preamble says it is ${total} bytes long (${PREAMBLE_BYTES}-byte preamble, ` +
        `${jsonLength}-byte JSON header and padding, ${dataLength} bytes of tensor data, ${CHECKSUM_BYTES}-byte ` +
        `checksum), but only ${bytes.length} bytes are present. The save, copy or download was interrupted. ` +
        RESAVE_HINT,
    );
  }
  if (bytes.length > total) {
    throw new SerializationError(
      `The file is corrupt: expected ${total} bytes in all, found ${bytes.length} (${bytes.length - total} ` +
        `unexpected bytes after the checksum). Something appended data to the file. ${RESAVE_HINT}`,
    );
  }
  const stored = view.getUint32(total - CHECKSUM_BYTES, true);
  const computed = crc32(bytes, 0, total - CHECKSUM_BYTES);
  if (stored !== computed) {
    throw new SerializationError(
      `The file is corrupt: checksum mismatch (stored CRC-32 ${hex32(stored)}, computed ${hex32(computed)} over ` +
        `its first ${total - CHECKSUM_BYTES} bytes). Its bytes changed after it was saved (a disk, transfer or ` +
        `editing error). ${RESAVE_HINT}`,
    );
  }
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + jsonLength),
    );
    header = JSON.parse(text);
  } catch (e) {
    throw new SerializationError(
      `The file's JSON header could not be parsed: expected ${jsonLength} bytes of UTF-8 JSON, found text that ` +
        `fails with "${(e as Error).message}". The checksum matches, so the file was written like this by ` +
        'something other than a working Layerwise. Save the model again with a current release.',
    );
  }
  return { header, data: bytes.subarray(dataStart, dataStart + dataLength) };
}

function invalidHeader(field: string, expected: string, found: unknown): SerializationError {
  return new SerializationError(
    `The file's header is invalid: ${field} should be ${expected}, found ${describeValue(found)}. The checksum ` +
      'matches, so the file was written like this by something other than a working Layerwise. Save the model ' +
      'again with a current release.',
  );
}

function checkManifestEntry(raw: unknown, i: number, dataLength: number): TensorManifestEntry {
  const at = `tensors[${i}]`;
  if (!isPlainObject(raw)) throw invalidHeader(at, 'a manifest entry object', raw);
  const { name, section, dtype, shape, offset, byteLength } = raw;
  if (typeof name !== 'string') throw invalidHeader(`${at}.name`, 'a string', name);
  const label = `${at} ('${name}')`;
  if (section !== 'weights' && section !== 'optimizer') {
    throw invalidHeader(`${label}.section`, "'weights' or 'optimizer'", section);
  }
  if (typeof dtype !== 'string' || !(SAVED_DTYPES as string[]).includes(dtype)) {
    throw new SerializationError(
      `Unsupported tensor dtype in the model file: ${label} has dtype ${describeValue(dtype)}, but this release ` +
        `reads ${SAVED_DTYPES.join(', ')}. If a newer Layerwise wrote the file, upgrade @layerwise/models.`,
    );
  }
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw invalidHeader(`${label}.shape`, 'an array of non-negative integers', shape);
  }
  if (!isCount(offset)) throw invalidHeader(`${label}.offset`, 'a non-negative integer', offset);
  if (!isCount(byteLength)) throw invalidHeader(`${label}.byteLength`, 'a non-negative integer', byteLength);
  const expected = sizeOf(shape) * BYTES_PER_ELEMENT[dtype as SavedDType];
  if (byteLength !== expected) {
    throw new SerializationError(
      `The file's tensor manifest is inconsistent: ${label} has shape ${shapeText(shape)} and dtype ${dtype}, ` +
        `which take ${expected} bytes, but the manifest gives it ${byteLength} bytes. ${RESAVE_HINT}`,
    );
  }
  if (offset + byteLength > dataLength) {
    throw new SerializationError(
      `The file's tensor manifest points outside the data: ${label} claims bytes [${offset}, ` +
        `${offset + byteLength}) of the tensor data, which is only ${dataLength} bytes long. ${RESAVE_HINT}`,
    );
  }
  return { name, section, dtype: dtype as SavedDType, shape: [...shape], offset, byteLength };
}

function checkHeader(raw: unknown, dataLength: number): ModelFileHeader {
  if (!isPlainObject(raw)) throw invalidHeader('the JSON header', 'an object', raw);
  if (raw.format !== MODEL_FORMAT_NAME) throw invalidHeader('format', "'layerwise'", raw.format);
  if (raw.formatVersion !== MODEL_FORMAT_VERSION) {
    throw invalidHeader('formatVersion', `${MODEL_FORMAT_VERSION} (the version in the preamble)`, raw.formatVersion);
  }
  if (raw.byteOrder !== 'little') throw invalidHeader('byteOrder', "'little'", raw.byteOrder);
  const mc = raw.modelConfig;
  if (!isPlainObject(mc)) throw invalidHeader('modelConfig', 'an object { className, config }', mc);
  if (typeof mc.className !== 'string') throw invalidHeader('modelConfig.className', 'a string', mc.className);
  if (!isPlainObject(mc.config)) throw invalidHeader('modelConfig.config', 'an object', mc.config);
  if (raw.compileConfig !== null && !isPlainObject(raw.compileConfig)) {
    throw invalidHeader('compileConfig', 'an object or null', raw.compileConfig);
  }
  const md = raw.metadata;
  if (!isPlainObject(md)) throw invalidHeader('metadata', 'an object', md);
  if (typeof md.layerwiseVersion !== 'string') {
    throw invalidHeader('metadata.layerwiseVersion', 'a string', md.layerwiseVersion);
  }
  if (typeof md.savedAt !== 'string') throw invalidHeader('metadata.savedAt', 'a string', md.savedAt);
  if (md.backend !== undefined && typeof md.backend !== 'string') {
    throw invalidHeader('metadata.backend', 'a string when present', md.backend);
  }
  if (!Array.isArray(raw.tensors)) throw invalidHeader('tensors', 'an array (the tensor manifest)', raw.tensors);
  const tensors = raw.tensors.map((t, i) => checkManifestEntry(t, i, dataLength));
  return {
    format: MODEL_FORMAT_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    byteOrder: 'little',
    modelConfig: mc as unknown as SerializedObject,
    compileConfig: raw.compileConfig as Config | null,
    metadata: md as unknown as ModelMetadata,
    tensors,
  };
}

/**
 * Checks a model file (preamble, length, checksum, header, manifest) and
 * returns its JSON header (configs, metadata, the tensor manifest) without
 * creating any tensor. Raises the same `SerializationError`s as
 * {@link decodeArtifacts}.
 *
 * @example
 * ```ts
 * const { metadata, tensors } = readModelFileHeader(bytes);
 * console.log(`saved by Layerwise ${metadata.layerwiseVersion}: ${tensors.length} tensors`);
 * ```
 */
export function readModelFileHeader(bytes: Uint8Array): ModelFileHeader {
  const { header, data } = readContainer(bytes);
  return checkHeader(header, data.length);
}

/** Copies a tensor's bytes out of the file into a fresh, aligned buffer in host byte order. */
function copyOut(data: Uint8Array, entry: TensorManifestEntry): ArrayBuffer {
  // A fresh copy (not data.slice: on a Node Buffer, slice returns a view).
  const copy = new Uint8Array(entry.byteLength);
  copy.set(data.subarray(entry.offset, entry.offset + entry.byteLength));
  if (!LITTLE_ENDIAN_HOST && entry.dtype !== 'bool') swapWords(copy);
  return copy.buffer;
}

function makeTensor(data: Uint8Array, entry: TensorManifestEntry): Tensor {
  const { dtype, shape } = entry;
  switch (dtype) {
    case 'float32':
      return tensor(new Float32Array(copyOut(data, entry)), shape, 'float32');
    case 'int32':
      return tensor(new Int32Array(copyOut(data, entry)), shape, 'int32');
    case 'bool':
      return tensor(new Uint8Array(copyOut(data, entry)), shape, 'bool');
    case 'complex64': {
      const pairs = new Float32Array(copyOut(data, entry));
      const n = pairs.length / 2;
      const re = new Float32Array(n);
      const im = new Float32Array(n);
      for (let k = 0; k < n; k++) {
        re[k] = pairs[2 * k];
        im[k] = pairs[2 * k + 1];
      }
      return tidy(() => complex(tensor(re, shape, 'float32'), tensor(im, shape, 'float32')));
    }
  }
}

/**
 * Decodes a native Layerwise model file into {@link ModelArtifacts}. Every
 * tensor in the result is new and owned by the caller (dispose them, or
 * assign them to a model's variables and dispose them then); the input bytes
 * are not kept.
 *
 * Raises a `SerializationError` saying what was expected, what was found and
 * what to do, for: a file that is not a Layerwise model (with a hint when it
 * looks like a Keras `.keras` zip, an HDF5 `.h5` or a JSON file), an empty or
 * truncated file, a checksum mismatch ("the file is corrupt"), a format
 * version from a newer release, an unparsable or invalid JSON header, and a
 * tensor manifest entry whose shape and byte length disagree or that points
 * outside the data.
 *
 * @example
 * ```ts
 * const artifacts = decodeArtifacts(await readModelFile('model.lwm'));
 * console.log(artifacts.modelConfig.className, artifacts.weights.map((w) => w.name));
 * dispose(artifacts.weights.map((w) => w.tensor));
 * ```
 */
export function decodeArtifacts(bytes: Uint8Array): ModelArtifacts {
  const { header: raw, data } = readContainer(bytes);
  const header = checkHeader(raw, data.length);
  for (const [i, entry] of header.tensors.entries()) {
    if (entry.dtype !== 'bool') continue;
    const values = data.subarray(entry.offset, entry.offset + entry.byteLength);
    const bad = values.findIndex((b) => b > 1);
    if (bad >= 0) {
      throw new SerializationError(
        `The file's tensor data is invalid: tensors[${i}] ('${entry.name}') is bool, but element ${bad} holds ` +
          `byte ${values[bad]} (expected 0 or 1). ${RESAVE_HINT}`,
      );
    }
  }
  const weights: NamedTensor[] = [];
  const optimizerWeights: NamedTensor[] = [];
  try {
    for (const entry of header.tensors) {
      const named = { name: entry.name, tensor: makeTensor(data, entry) };
      (entry.section === 'weights' ? weights : optimizerWeights).push(named);
    }
  } catch (e) {
    dispose([...weights, ...optimizerWeights].map((w) => w.tensor));
    throw e;
  }
  return {
    format: MODEL_FORMAT_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    modelConfig: header.modelConfig,
    compileConfig: header.compileConfig,
    weights,
    optimizerWeights,
    metadata: header.metadata,
  };
}
