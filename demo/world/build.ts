import { generateReviews } from './reviews';
import { DEMO_COMPANY, DEMO_LOCATIONS, buildRoster } from './roster';
import { STORY } from './story';
import type { DemoWorld } from './types';

export interface DemoWorldOptions {
  /** Same seed + asOf + months + scale → byte-identical world. */
  seed?: number;
  /** The world's "now"; defaults to today's midnight UTC. Accepts a Date or an ISO string. */
  asOf?: Date | string;
  /** Length of the review history in calendar months. */
  months?: number;
  /** Multiplies review volume (benchmarks use large scales). */
  scale?: number;
}

export function todayUtcMidnight(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function buildDemoWorld(options: DemoWorldOptions = {}): DemoWorld {
  const seed = options.seed ?? 42;
  const months = options.months ?? 18;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const asOfDate = options.asOf === undefined ? todayUtcMidnight() : new Date(options.asOf);
  if (Number.isNaN(asOfDate.getTime())) throw new RangeError(`asOf is not a date: ${String(options.asOf)}`);
  // Whole UTC days keep the phase windows and CX months aligned.
  const asOf = todayUtcMidnight(asOfDate);
  const asOfMs = asOf.getTime();
  const startMs = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - months, asOf.getUTCDate());

  const locations = DEMO_LOCATIONS.map((l) => ({ ...l }));
  const people = buildRoster(asOfMs);
  const reviews = generateReviews({ seed, asOfMs, startMs, scale, locations, people });
  return {
    seed,
    asOf: asOf.toISOString(),
    start: new Date(startMs).toISOString(),
    months,
    scale,
    company: { ...DEMO_COMPANY },
    locations,
    people,
    reviews,
    story: { ...STORY },
  };
}
