import type { ReportCase, ReportCaseAggregate } from './model.js';

interface Mean {
  sum: number;
  count: number;
}

/**
 * Running means over cases, so that `averages()` works with or without the case list: scores and metrics
 * average over the cases that have the key, labels become frequencies, assertions a pass rate.
 */
export class CaseAccumulator {
  count = 0;
  #task = 0;
  #total = 0;
  #scores = new Map<string, Mean>();
  #metrics = new Map<string, Mean>();
  #labels = new Map<string, Map<string, number>>();
  #passed = 0;
  #assertions = 0;

  add(c: ReportCase): void {
    this.count++;
    this.#task += c.taskDuration;
    this.#total += c.totalDuration;
    for (const key in c.scores) addMean(this.#scores, key, c.scores[key]!.value);
    for (const key in c.metrics) addMean(this.#metrics, key, c.metrics[key]!);
    for (const key in c.labels) {
      let counts = this.#labels.get(key);
      if (!counts) {
        counts = new Map();
        this.#labels.set(key, counts);
      }
      const value = c.labels[key]!.value;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    for (const key in c.assertions) {
      this.#assertions++;
      if (c.assertions[key]!.value) this.#passed++;
    }
  }

  result(): ReportCaseAggregate {
    const labels: Record<string, Record<string, number>> = {};
    for (const [key, counts] of this.#labels) {
      let n = 0;
      for (const c of counts.values()) n += c;
      const freq: Record<string, number> = {};
      for (const [value, c] of counts) freq[value] = c / n;
      labels[key] = freq;
    }
    return {
      name: 'Averages',
      scores: means(this.#scores),
      labels,
      metrics: means(this.#metrics),
      assertions: this.#assertions === 0 ? null : this.#passed / this.#assertions,
      taskDuration: this.count === 0 ? 0 : this.#task / this.count,
      totalDuration: this.count === 0 ? 0 : this.#total / this.count,
    };
  }
}

function addMean(map: Map<string, Mean>, key: string, value: number): void {
  const m = map.get(key);
  if (m) {
    m.sum += value;
    m.count++;
  } else map.set(key, { sum: value, count: 1 });
}

function means(map: Map<string, Mean>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, m] of map) out[key] = m.sum / m.count;
  return out;
}

/** pydantic-evals' `average(cases)`. */
export function averageCases(cases: Iterable<ReportCase>): ReportCaseAggregate {
  const acc = new CaseAccumulator();
  for (const c of cases) acc.add(c);
  return acc.result();
}

/**
 * Running mean of aggregates (the second level of averaging with `repeat`): each key averages over the
 * aggregates that have it, label distributions over the aggregates that have that label name,
 * assertions over the non-null ones, durations over all.
 */
export class AggregateAccumulator {
  count = 0;
  #task = 0;
  #total = 0;
  #scores = new Map<string, Mean>();
  #metrics = new Map<string, Mean>();
  #labels = new Map<string, { n: number; sums: Map<string, number> }>();
  #assertions: Mean = { sum: 0, count: 0 };

  add(a: ReportCaseAggregate): void {
    this.count++;
    this.#task += a.taskDuration;
    this.#total += a.totalDuration;
    for (const key in a.scores) addMean(this.#scores, key, a.scores[key]!);
    for (const key in a.metrics) addMean(this.#metrics, key, a.metrics[key]!);
    for (const key in a.labels) {
      let entry = this.#labels.get(key);
      if (!entry) {
        entry = { n: 0, sums: new Map() };
        this.#labels.set(key, entry);
      }
      entry.n++;
      const dist = a.labels[key]!;
      for (const value in dist) entry.sums.set(value, (entry.sums.get(value) ?? 0) + dist[value]!);
    }
    if (a.assertions !== null) {
      this.#assertions.sum += a.assertions;
      this.#assertions.count++;
    }
  }

  result(): ReportCaseAggregate {
    const labels: Record<string, Record<string, number>> = {};
    for (const [key, { n, sums }] of this.#labels) {
      const dist: Record<string, number> = {};
      for (const [value, sum] of sums) dist[value] = sum / n;
      labels[key] = dist;
    }
    const { sum, count } = this.#assertions;
    return {
      name: 'Averages',
      scores: means(this.#scores),
      labels,
      metrics: means(this.#metrics),
      assertions: count === 0 ? null : sum / count,
      taskDuration: this.count === 0 ? 0 : this.#task / this.count,
      totalDuration: this.count === 0 ? 0 : this.#total / this.count,
    };
  }
}

/** pydantic-evals' `average_from_aggregates`. */
export function averageAggregates(aggregates: Iterable<ReportCaseAggregate>): ReportCaseAggregate {
  const acc = new AggregateAccumulator();
  for (const a of aggregates) acc.add(a);
  return acc.result();
}
