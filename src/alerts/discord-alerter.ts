import { errorMessage } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { Alert, Alerter } from './alerter.js';

const SEOUL = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Seoul',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/** The alert as a Discord message: bold title, status, details, time in UTC and in Seoul. */
export function formatDiscordMessage(alert: Alert): string {
  const utc = `${alert.at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const seoul = `${SEOUL.format(alert.at)} Asia/Seoul`;
  const body = [
    `**${alert.title}**`,
    `status: ${alert.status}`,
    ...alert.lines,
    `at ${utc} (${seoul})`,
  ].join('\n');
  // Discord refuses a message over 2000 characters.
  return body.length > 1990 ? `${body.slice(0, 1985)}\n...` : body;
}

/**
 * Posts alerts to a Discord webhook with a timeout. A failure is logged as one error line and
 * reported as `false`; it never throws, and the webhook URL (a secret) is never logged.
 */
export function createDiscordAlerter(options: {
  webhookUrl: string;
  logger: Logger;
  timeoutMs?: number;
}): Alerter {
  const { webhookUrl, logger } = options;
  return {
    async send(alert) {
      try {
        const response = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            content: formatDiscordMessage(alert),
            allowed_mentions: { parse: [] },
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
        logger.info({ alert: alert.title, status: alert.status }, 'alert sent');
        return true;
      } catch (error) {
        // The cause of a fetch failure can quote the URL; only its message goes out.
        const reason = errorMessage(error).replaceAll(webhookUrl, '[webhook]');
        logger.error(
          { alert: alert.title, status: alert.status, reason },
          `alert failed: ${reason}`,
        );
        return false;
      }
    },
  };
}
