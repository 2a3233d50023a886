import { SingleBar } from 'cli-progress';
import type { Logger } from '../logging/logger.js';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; elsewhere (CI, files, pipes) a log line at every tenth of the
 * work, so long jobs still show they are moving without flooding the log.
 */
export function createProgress(total: number, what: string, logger: Logger): Progress {
  let done = 0;
  if (process.stderr.isTTY === true && total > 1) {
    const bar = new SingleBar({
      format: `${what} [{bar}] {value}/{total} {label} eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(total, 0, { label: '' });
    return {
      tick: (label = '') => bar.increment(1, { label }),
      stop: () => bar.stop(),
    };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    tick: () => {
      done += 1;
      if (done % step === 0 || done === total) {
        logger.info({ done, total }, `${what}: ${done}/${total}`);
      }
    },
    stop: () => {},
  };
}
