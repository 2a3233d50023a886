import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * Where the scheduler's lines go: always stdout (pretty or JSON as LOG_FORMAT says), and while a
 * run is open also appended to that run's file, as JSON lines. The scheduler's logger writes
 * here, and so does every line its child commands print, so stdout and the day's file tell the
 * same story in the same order.
 */
export interface RunLog extends DestinationStream {
  /** One complete line (or several), ending with a newline. */
  write(text: string): void;
  /** Appends to `path` from now on (creating its folder); the previous file is closed. */
  open(path: string): Promise<void>;
  /** Stops writing to the file, once what was written is flushed. */
  closeFile(): Promise<void>;
}

export function createRunLog(options: {
  format: 'json' | 'pretty';
  /** A stream for stdout (tests); fd 1 otherwise. */
  stdout?: DestinationStream;
  /** Told once per file that cannot be written; the run goes on without it. */
  onFileError?: (error: Error) => void;
}): RunLog {
  const stdout =
    options.stdout ??
    (options.format === 'pretty'
      ? pretty({ destination: 1, colorize: process.stdout.isTTY === true })
      : pino.destination({ dest: 1, sync: true }));
  let file: WriteStream | undefined;

  const closeFile = async () => {
    const current = file;
    file = undefined;
    if (current === undefined || current.destroyed) return;
    await new Promise<void>((resolve) => current.end(resolve));
  };

  return {
    write(text) {
      stdout.write(text);
      if (file !== undefined && !file.destroyed) file.write(text);
    },
    async open(path) {
      await closeFile();
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (error) {
        options.onFileError?.(error as Error);
        return;
      }
      const stream = createWriteStream(path, { flags: 'a' });
      stream.once('error', (error) => {
        if (file === stream) file = undefined;
        options.onFileError?.(error);
      });
      file = stream;
    },
    closeFile,
  };
}
