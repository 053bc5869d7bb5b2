export interface LatencyFigures {
  label: string;
  /** How many calls ran (the warm-up excluded: it is its own measure). */
  requests: number;
  /** Wall time of the whole measure, in seconds. */
  seconds: number;
  /** Median and 99th-percentile latency of one call, in ms. */
  p50: number;
  p99: number;
  /** Calls whose `once` answered false. */
  failures: number;
}

/**
 * Runs `clients` loops, each calling `once` back to back until `requests` calls have run in all, and
 * times every call; `once` answers whether the call succeeded. Shared by the read benchmarks
 * (reads.bench.ts, mentoring.bench.ts).
 */
export async function measureLatencies(label: string, clients: number, requests: number, once: () => Promise<boolean>): Promise<LatencyFigures> {
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const client = async () => {
    while (sent < requests) {
      sent += 1;
      const t0 = performance.now();
      const ok = await once();
      latencies.push(performance.now() - t0);
      if (!ok) failures += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { label, requests: latencies.length, seconds, p50: at(0.5), p99: at(0.99), failures };
}
