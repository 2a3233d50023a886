/** Something a person should look at: a job that failed or stalled, or stale data. */
export interface Alert {
  title: string;
  /** e.g. failure, partial_failure, stalled, stale */
  status: string;
  lines: string[];
  at: Date;
}

/** Sends alerts somewhere; never throws into the pipeline. Resolves true when delivered. */
export interface Alerter {
  send(alert: Alert): Promise<boolean>;
}

export const disabledAlerter: Alerter = { send: async () => false };
