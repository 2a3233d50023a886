/** The consumer group of each always-on stage; the topic prefix keeps deployments apart. */
export function consumerGroupId(
  prefix: string,
  stage: 'validator' | 'sink' | 'tracker' | 'anomalies',
): string {
  return `${prefix}market-collector.${stage}`;
}
