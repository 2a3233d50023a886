import { Cron } from 'croner';
import { errorMessage, invalid } from '../errors.js';

export interface CronTrigger {
  /** The next instant it fires, or null when the pattern has none left. */
  nextRun(): Date | null;
  /** No trigger after this; a callback already running is not interrupted. */
  stop(): void;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A cron pattern of 5 fields (minute hour day month weekday) or 6 (seconds first), read in an
 * IANA time zone. Croner would take an ISO date-time as a one-off run; only patterns are
 * accepted here. Throws ARGUMENT_INVALID saying what is wrong.
 */
function createCron(pattern: string, timeZone: string, onTick?: () => void): Cron {
  if (!isTimeZone(timeZone)) {
    invalid(`--timezone must be an IANA time zone such as Asia/Seoul (got "${timeZone}")`);
  }
  if (!/^\S+(\s+\S+){4,5}$/.test(pattern.trim())) {
    invalid(
      `--cron must be a cron pattern of 5 fields (or 6 with seconds first), e.g. "0 18 * * *" (got "${pattern}")`,
    );
  }
  try {
    const options = { timezone: timeZone, mode: '5-or-6-parts' as const };
    return onTick === undefined
      ? new Cron(pattern.trim(), { ...options, paused: true })
      : new Cron(pattern.trim(), options, onTick);
  } catch (error) {
    return invalid(`--cron "${pattern}" is not a valid cron pattern: ${errorMessage(error)}`);
  }
}

/** Checks a pattern and zone before anything starts, returning the next instant it would fire. */
export function checkCron(pattern: string, timeZone: string): Date | null {
  const cron = createCron(pattern, timeZone);
  const next = cron.nextRun();
  cron.stop();
  return next;
}

/** Calls `onTick` at every instant the pattern matches in the zone (croner), until `stop`. */
export function startCronTrigger(
  pattern: string,
  timeZone: string,
  onTick: () => void,
): CronTrigger {
  const cron = createCron(pattern, timeZone, onTick);
  return { nextRun: () => cron.nextRun(), stop: () => cron.stop() };
}
