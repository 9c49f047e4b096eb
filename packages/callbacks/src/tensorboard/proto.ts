/**
 * A minimal protocol-buffer encoder (proto3 wire format) and the handful of
 * TensorFlow messages an event file needs: `Event`, `Summary`,
 * `Summary.Value`, `HistogramProto`, `SummaryMetadata` and a string
 * `TensorProto`. Field numbers follow tensorflow/core/util/event.proto,
 * tensorflow/core/framework/summary.proto and tensor.proto.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/**
 * Appends protobuf fields to a growing byte buffer. Methods return `this` so
 * fields chain; {@link ProtoWriter.finish} returns the encoded bytes.
 *
 * @example
 * ```ts
 * const bytes = new ProtoWriter().double(1, 1.5).int64(2, 7).string(3, 'brain.Event:2').finish();
 * ```
 */
export class ProtoWriter {
  private buf = new Uint8Array(64);
  private len = 0;
  private readonly view8 = new DataView(new ArrayBuffer(8));

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private pushByte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  private pushBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Writes an unsigned varint; negative numbers are written as 64-bit two's complement (10 bytes). */
  private rawVarint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < 0x80n) {
      this.pushByte(Number(v));
      return;
    }
    while (v >= 0x80n) {
      this.pushByte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.pushByte(Number(v));
  }

  private key(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) {
      throw new RangeError(`ProtoWriter: field number must be an integer in [1, 2^29 - 1], got ${field}.`);
    }
    this.rawVarint((field << 3) | wireType);
  }

  /** An `int64`/`uint64`/`int32`/`bool`/enum field (varint). `value` must be an integer. */
  int64(field: number, value: number | bigint): this {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`ProtoWriter: int64 field ${field} needs a safe integer, got ${value}.`);
    }
    this.key(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  /** A `double` field (fixed64, little-endian IEEE 754). */
  double(field: number, value: number): this {
    this.key(field, WIRE_FIXED64);
    this.view8.setFloat64(0, value, true);
    this.pushBytes(new Uint8Array(this.view8.buffer, 0, 8));
    return this;
  }

  /** A `float` field (fixed32, little-endian IEEE 754 single: the value is rounded to float32). */
  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    this.view8.setFloat32(0, value, true);
    this.pushBytes(new Uint8Array(this.view8.buffer, 0, 4));
    return this;
  }

  /** A `bytes` field, or an embedded message already encoded (length-delimited). */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.pushBytes(value);
    return this;
  }

  /** A `string` field (UTF-8, length-delimited). */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** A packed `repeated double` field (one length-delimited run of fixed64 values). */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 8);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
    return this.bytes(field, data);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** A weight histogram as TensorFlow's `HistogramProto` holds it. */
export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  /** Right edge of each bucket (bucket i spans bucketLimit[i-1]..bucketLimit[i]; the first starts at -DBL_MAX). */
  bucketLimit: number[];
  /** Count in each bucket (same length as `bucketLimit`). */
  bucket: number[];
}

/** Encodes a `HistogramProto` (min 1, max 2, num 3, sum 4, sum_squares 5, bucket_limit 6, bucket 7). */
export function encodeHistogram(h: Histogram): Uint8Array {
  return new ProtoWriter()
    .double(1, h.min)
    .double(2, h.max)
    .double(3, h.num)
    .double(4, h.sum)
    .double(5, h.sumSquares)
    .packedDoubles(6, h.bucketLimit)
    .packedDoubles(7, h.bucket)
    .finish();
}

/** One `Summary.Value`: a tag with a scalar, a histogram, or a string tensor with its plugin. */
export type SummaryValue =
  | { tag: string; simpleValue: number }
  | { tag: string; histogram: Histogram }
  | { tag: string; text: string; pluginName: string; pluginContent: Uint8Array };

/** TensorFlow's `DT_STRING` in types.proto. */
const DT_STRING = 7;

/**
 * Encodes a `Summary.Value`: tag 1, simple_value 2 (float), histo 5,
 * tensor 8, metadata 9 (`SummaryMetadata.plugin_data` 1 = `PluginData`
 * with plugin_name 1 and content 2).
 */
export function encodeSummaryValue(value: SummaryValue): Uint8Array {
  const w = new ProtoWriter().string(1, value.tag);
  if ('simpleValue' in value) return w.float(2, value.simpleValue).finish();
  if ('histogram' in value) return w.bytes(5, encodeHistogram(value.histogram)).finish();
  // A scalar DT_STRING tensor: dtype 1, tensor_shape 2 (empty: rank 0), string_val 8.
  const tensor = new ProtoWriter()
    .int64(1, DT_STRING)
    .bytes(2, new Uint8Array(0))
    .bytes(8, textEncoder.encode(value.text))
    .finish();
  const pluginData = new ProtoWriter().string(1, value.pluginName).bytes(2, value.pluginContent).finish();
  const metadata = new ProtoWriter().bytes(1, pluginData).finish();
  return w.bytes(8, tensor).bytes(9, metadata).finish();
}

/** Encodes a `Summary` (repeated Value value = 1). */
export function encodeSummary(values: readonly SummaryValue[]): Uint8Array {
  const w = new ProtoWriter();
  for (const v of values) w.bytes(1, encodeSummaryValue(v));
  return w.finish();
}

/** The content of one `Event`: the file-version header or a summary. */
export type EventContent = { fileVersion: string } | { summary: readonly SummaryValue[] };

/** Encodes an `Event` (wall_time 1 double, step 2 int64, file_version 3, summary 5). */
export function encodeEvent(wallTime: number, step: number, content: EventContent): Uint8Array {
  const w = new ProtoWriter().double(1, wallTime);
  if (step !== 0) w.int64(2, step);
  if ('fileVersion' in content) w.string(3, content.fileVersion);
  else w.bytes(5, encodeSummary(content.summary));
  return w.finish();
}
