/**
 * Typed errors shared by every package. The tensor-level ones come from
 * `@layerwise/tensors` and are re-exported, so one import covers all.
 */
import { LayerwiseError } from '@layerwise/tensors';

export {
  BackendError,
  DisposedTensorError,
  DTypeError,
  LayerwiseError,
  ShapeError,
  ValueError,
} from '@layerwise/tensors';

/** A string identifier (loss, optimizer, metric, activation, ...) that nothing is registered under. */
export class UnknownIdentifierError extends LayerwiseError {}

/** A config that cannot be turned back into an object: unknown class name, missing or malformed field. */
export class SerializationError extends LayerwiseError {}

/** An operation that needs a prior step (build, compile) that has not happened. */
export class NotReadyError extends LayerwiseError {}
