import type { Settings } from '../config/settings.js';
import type { Logger } from '../logging/logger.js';
import { type Alerter, disabledAlerter } from './alerter.js';
import { createDiscordAlerter } from './discord-alerter.js';

/** The Discord alerter when ALERT_WEBHOOK_URL is set; otherwise alerts are off. */
export function createAlerter(settings: Settings, logger: Logger): Alerter {
  const webhookUrl = settings.alertWebhookUrl;
  return webhookUrl === undefined
    ? disabledAlerter
    : createDiscordAlerter({ webhookUrl, logger: logger.child({ component: 'alerter' }) });
}
