/** A readiness check: resolves to undefined when fine, or a short reason when not. */
export type ReadinessCheck = () => Promise<string | undefined> | string | undefined;

export interface ReadinessResult {
  ready: boolean;
  /** The first failing check's reason, e.g. "database: connect ECONNREFUSED 127.0.0.1:5432". */
  reason?: string;
}

/**
 * Runs the checks in parallel, each bounded by `timeoutMs`, so a probe answers in time even when
 * a dependency hangs instead of refusing (a dead host, a stopped broker with open sockets).
 */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs = 2_000,
): Promise<ReadinessResult> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const reason = await Promise.race([
          Promise.resolve().then(check),
          new Promise<string>((resolve) => {
            timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
          }),
        ]);
        return reason === undefined ? undefined : `${name}: ${reason}`;
      } catch (error) {
        return `${name}: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const reason = results.find((result) => result !== undefined);
  return reason === undefined ? { ready: true } : { ready: false, reason };
}
