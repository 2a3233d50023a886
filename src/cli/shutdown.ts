import type { Logger } from '../logging/logger.js';

/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running command can stop fetching, finish
 * its batch, commit and disconnect. A second signal exits at once.
 */
export function shutdownSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down: finishing the current batch');
      process.once(signal, () => process.exit(130));
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
