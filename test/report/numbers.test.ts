import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatDurationDiff,
  formatNumber,
  formatNumberDiff,
  formatPercentage,
} from '../../src/report/render/numbers.js';
import { pyFloatRepr } from '../../src/util/py-format.js';

// Expected values were produced by Python's format specs with pydantic-evals' rules (integer-valued
// numbers count as ints, as API.md says).

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [2.0, '2'],
    [-3, '-3'],
    [17348, '17,348'],
    [1234567, '1,234,567'],
    [1e21, '1,000,000,000,000,000,000,000'],
    [2.5, '2.50'],
    [-2.5, '-2.50'],
    [12.04, '12.0'],
    [2398723.123, '2,398,723.1'],
    [-1234.5678, '-1,234.6'],
    [100.5, '100.5'],
    [123.456, '123.5'],
    [999.95, '1,000.0'],
    [3.14259, '3.14'],
    [0.123, '0.123'],
    [0.1, '0.100'],
    [0.95, '0.950'],
    [0.5, '0.500'],
    [0.045, '0.0450'],
    [0.001, '0.00100'],
    [1e-5, '0.0000100'],
    [1e-14, '0.0000000000000100'],
    [-0.0042, '-0.00420'],
    [0.99999, '1.000'],
    // Exact binary ties round to even as in Python, not away from zero as JS's toFixed does.
    [0.125, '0.125'],
    [0.0125, '0.0125'],
    [1.125, '1.12'],
    [9.995, '9.99'],
    [1.005, '1.00'],
    [2.675, '2.67'],
    [5e-324, `0.${'0'.repeat(323)}494`],
    [1.234e-150, `0.${'0'.repeat(149)}123`],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
  ])('%s → %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

describe('formatPercentage', () => {
  it.each([
    [1, '100.0%'],
    [0.5, '50.0%'],
    [0.688, '68.8%'],
    [0.6875, '68.8%'],
    [0, '0.0%'],
    [1 / 3, '33.3%'],
    [2 / 3, '66.7%'],
    [0.00049, '0.0%'],
    [0.0005, '0.1%'],
    [0.00125, '0.1%'],
    [0.9995, '100.0%'],
    [12.3456, '1,234.6%'],
  ])('%s → %s', (value, expected) => {
    expect(formatPercentage(value)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1e-7, '0.1µs'],
    [2.5e-7, '0.2µs'],
    [5e-7, '0.5µs'],
    [1.2e-5, '12µs'],
    [1.25e-5, '12µs'],
    [5e-5, '50µs'],
    [0.0009999, '1,000µs'],
    [0.001, '1.0ms'],
    [0.1, '100.0ms'],
    [0.1235, '123.5ms'],
    [0.12345, '123.5ms'],
    [0.9999, '999.9ms'],
    [1, '1.0s'],
    [59.95, '60.0s'],
    [1234.56, '1,234.6s'],
  ])('%s s → %s', (value, expected) => {
    expect(formatDuration(value)).toBe(expected);
  });

  it('writes microseconds as `us` when asked (ASCII mode)', () => {
    expect(formatDuration(1.2e-5, 'us')).toBe('12us');
    expect(formatDurationDiff(0.0001, 0.0002, 'us')).toBe('+100us / +100.0%');
  });
});

describe('formatNumberDiff', () => {
  it.each([
    [3, 4, '+1'],
    [4, 3, '-1'],
    [10, 1250, '+1240'],
    [-2.0, -1.0, '+1'],
    [1.0, -1.0, '-2'],
    [0.3, 1.0, '+0.7 / 3.3x'],
    [0.9, 0.95, '+0.05 / +5.6%'],
    [0.85, 0.95, '+0.1 / +11.8%'],
    [2, 2.5, '+0.5 / +25.0%'],
    [0.5, 0.25, '-0.25 / -50.0%'],
    [1.0, 12.5, '+11.5 / 12.5x'],
    [0.2, 150.3, '+150.0 / 752x'],
    [0.01, 12.5, '+12.5 / 1,250x'],
    [1000.5, 2225.5, '+1.22e+03 / 2.2x'],
    [1e-5, 2e-5, '+1e-05 / +100.0%'],
    [0.001, 0.0011, '+0.0001 / +10.0%'],
  ])('%s → %s: %s', (old, next, expected) => {
    expect(formatNumberDiff(old, next)).toBe(expected);
  });

  it.each([
    ['the values are equal', 1, 1, undefined],
    ['the base is 0', 0, 0.5, '+0.5'],
    ['a tiny base changed more than 10x', 0.001, 1.25, '+1.25'],
    ['the percentage rounds to 0.0%', 100, 100.01, '+0.01'],
    ['the percentage rounds to 0.0% (tiny delta)', 0.5, 0.5000001, '+1e-07'],
    ['the percentage rounds to 0.0% (tinier delta)', 1.5, 1.5000000001, '+1e-10'],
  ])('omits the relative part when %s', (_, old, next, expected) => {
    expect(formatNumberDiff(old, next)).toBe(expected);
  });

  it('keeps the percentage form for a negative base (a multiplier would read backwards)', () => {
    expect(formatNumberDiff(-1.5, -4.5)).toBe('-3.0 / -200.0%');
    expect(formatNumberDiff(-2.5, -1.5)).toBe('+1.0 / +40.0%');
  });
});

describe('formatDurationDiff', () => {
  it.each([
    [0.15, 0.1, '-50.0ms / -33.3%'],
    [0.25, 0.2, '-50.0ms / -20.0%'],
    [1, 1.7, '+700.0ms / +70.0%'],
    [0.001, 0.002, '+1.0ms / +100.0%'],
    [0.0001, 0.0002, '+100µs / +100.0%'],
    [0, 0.5, '+500.0ms'],
    [1, 1, undefined],
    [5e-7, 1.5e-6, '+1µs / 3.0x'],
    [2, 1000, '+998.0s / 500x'],
    [0.3, 0.3000001, '+0.1µs'],
  ])('%s → %s: %s', (old, next, expected) => {
    expect(formatDurationDiff(old, next)).toBe(expected);
  });
});

describe('pyFloatRepr (label frequencies)', () => {
  it.each([
    [1.0, '1.0'],
    [0.5, '0.5'],
    [1 / 3, '0.3333333333333333'],
    [2 / 3, '0.6666666666666666'],
    [0.1, '0.1'],
    [0.30000000000000004, '0.30000000000000004'],
    [0.0001, '0.0001'],
    [1e-5, '1e-05'],
    [1e-7, '1e-07'],
    [123.0, '123.0'],
    [12345678901234.5, '12345678901234.5'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e22, '1e+22'],
    [-0.5, '-0.5'],
  ])('%s → %s', (value, expected) => {
    expect(pyFloatRepr(value)).toBe(expected);
  });
});
