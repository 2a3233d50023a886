import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * One constructor a metric kind, each registering in `registry` under `prefix` + its name, so a
 * declaration says only what differs: name, help text, labels and (for histograms) buckets.
 */
export function metricFactories(registry: Registry, prefix: string) {
  const registers = [registry];
  return {
    counter: <T extends string = string>(
      name: string,
      help: string,
      labelNames: readonly T[] = [],
    ) => new Counter<T>({ name: `${prefix}${name}`, help, labelNames, registers }),
    gauge: <T extends string = string>(name: string, help: string, labelNames: readonly T[] = []) =>
      new Gauge<T>({ name: `${prefix}${name}`, help, labelNames, registers }),
    histogram: <T extends string>(
      name: string,
      help: string,
      labelNames: readonly T[],
      buckets: number[],
    ) => new Histogram<T>({ name: `${prefix}${name}`, help, labelNames, buckets, registers }),
  };
}
