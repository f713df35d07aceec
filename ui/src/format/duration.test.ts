import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elapsedSeconds, formatAge, formatDuration, progressFraction } from './duration.ts';

test('durations print at most two units, like Argo UI', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(12.7), '12s');
  assert.equal(formatDuration(64), '1m 4s');
  assert.equal(formatDuration(3600), '1h');
  assert.equal(formatDuration(3725), '1h 2m');
  assert.equal(formatDuration(90061), '1d 1h');
  assert.equal(formatDuration(-5), '0s');
  assert.equal(formatDuration(Number.NaN), '0s');
});

test('elapsed time runs to now while unfinished and is undefined before start', () => {
  const now = Date.parse('2024-01-01T00:01:00Z');
  assert.equal(elapsedSeconds('2024-01-01T00:00:00Z', undefined, now), 60);
  assert.equal(elapsedSeconds('2024-01-01T00:00:00Z', '2024-01-01T00:00:05Z', now), 5);
  assert.equal(elapsedSeconds(undefined, undefined, now), undefined);
  assert.equal(elapsedSeconds('garbage', undefined, now), undefined);
});

test('ages read as "ago" in the past and "in" in the future', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');
  assert.equal(formatAge('2024-01-01T00:58:30Z', now), '1m ago');
  assert.equal(formatAge('2024-01-01T03:00:00Z', now), 'in 2h');
  assert.equal(formatAge(undefined, now), '');
});

test('progress "n/m" becomes a fraction', () => {
  assert.equal(progressFraction('3/4'), 0.75);
  assert.equal(progressFraction('0/0'), undefined);
  assert.equal(progressFraction(undefined), undefined);
  assert.equal(progressFraction('x'), undefined);
});
