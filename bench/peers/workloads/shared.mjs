// The same generated rows, task and in-flight counting for every framework.
export function args() {
  const get = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? fallback : process.argv[i + 1];
  };
  const concurrency = get('concurrency', 'unlimited');
  return {
    workload: get('workload', 'W1'),
    n: Number(get('n', '10000')),
    sleepMs: Number(get('sleep', '0')),
    concurrency: concurrency === 'unlimited' ? undefined : Number(concurrency),
  };
}

export function rows(n) {
  return Array.from({ length: n }, (_, i) => ({ name: `case-${i}`, input: i, expected: i * 2 }));
}

/** A task that doubles its input, optionally after a sleep, counting how many calls overlap. */
export function countingTask(sleepMs) {
  const stats = { inFlight: 0, peak: 0, calls: 0 };
  const task = async (x) => {
    stats.calls++;
    stats.inFlight++;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    try {
      if (sleepMs > 0) await new Promise((r) => setTimeout(r, sleepMs));
      return x * 2;
    } finally {
      stats.inFlight--;
    }
  };
  return { task, stats };
}

export function report(framework, a, seconds, stats, extra = {}) {
  const ideal = a.sleepMs > 0 ? (Math.ceil(a.n / (a.concurrency ?? a.n)) * a.sleepMs) / 1000 : undefined;
  const line = {
    framework,
    workload: a.workload,
    cases: a.n,
    concurrency: a.concurrency ?? 'unlimited',
    seconds,
    casesPerSecond: a.n / seconds,
    idealSeconds: ideal,
    peakInFlight: stats.peak,
    limitRespected: a.concurrency === undefined || stats.peak <= a.concurrency,
    calls: stats.calls,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
