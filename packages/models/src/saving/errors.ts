/**
 * Errors raised while saving or loading model files, beyond the shared ones
 * in `@layerwise/core` (corrupt or foreign files raise a plain
 * `SerializationError`).
 */
import { LayerwiseError, SerializationError } from '@layerwise/core';

/**
 * No model file exists at the given path (or a parent folder of it is
 * missing). It is a {@link SerializationError}, so one `catch` covers every
 * load failure; test for this class to tell "nothing saved yet" apart from a
 * corrupt file.
 *
 * @example
 * ```ts
 * try {
 *   model = await loadModel('checkpoints/last.lwm');
 * } catch (e) {
 *   if (!(e instanceof ModelFileNotFoundError)) throw e;
 *   model = buildFreshModel(); // first run: nothing to resume from
 * }
 * ```
 */
export class ModelFileNotFoundError extends SerializationError {
  /** The path as it was given. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

/**
 * A file path was used where there is no file system (a browser or a web
 * worker). Save and load through `memoryHandler()` (or another
 * `ModelIOHandler`) there instead.
 *
 * @example
 * ```ts
 * try {
 *   await model.save('model.lwm');
 * } catch (e) {
 *   if (e instanceof FileSystemUnavailableError) await model.save(memoryHandler());
 * }
 * ```
 */
export class FileSystemUnavailableError extends LayerwiseError {}
