/**
 * Typed errors. Every message says what was expected, what was given, and
 * what to do about it.
 */

/** Base class of every error Layerwise throws on purpose. */
export class LayerwiseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor or argument has the wrong shape, rank, or size. */
export class ShapeError extends LayerwiseError {}

/** An unknown dtype, or a value the requested dtype cannot represent. */
export class DTypeError extends LayerwiseError {}

/** An unknown backend name, a backend that failed to start, or tensors from two backends in one op. */
export class BackendError extends LayerwiseError {}

/** A tensor (or variable) was used after `dispose()`. */
export class DisposedTensorError extends LayerwiseError {}

/** An argument has a valid type but a value that is out of range or meaningless. */
export class ValueError extends LayerwiseError {}

/** Formats a shape the way messages print it: `[2,3]`. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
