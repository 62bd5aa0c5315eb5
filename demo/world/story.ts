import type { ThemeWeights } from './text';
import type { DemoStory } from './types';

/**
 * The story the demo data tells, as plain numbers. Ratings are drawn around a
 * latent mean (stars) that moves with time; the same latent mean drives the
 * internal CX scores, shifted earlier for the declining store so the CX
 * survey "sees it coming" about a month before the public reviews do.
 */

export const STORY: DemoStory = {
  decliningLocation: 'riverside',
  steadyLocation: 'harbor-point',
  improvingPerson: 'elena-marsh',
  leftPerson: 'marcus-feld',
  joinedPerson: 'beatriz-pena',
  declineStartsDaysAgo: 180,
  cxLeadDays: 30,
};

export interface LocationProfile {
  /** Dealer-page reviews per month at scale 1. */
  monthlyReviews: number;
  /** Map-listing reviews per month at scale 1. */
  monthlyMapReviews: number;
  /** Share of reviews the store answers, before any decline. */
  responseRate: number;
  /** Median hours until the store answers. */
  responseHours: number;
  /** Share of texts that name a salesperson. */
  mentionChance: number;
  /** Share of dealer reviews with Spanish text. */
  spanishShare: number;
}

export const LOCATION_PROFILES: Record<string, LocationProfile> = {
  'harbor-point': { monthlyReviews: 36, monthlyMapReviews: 3, responseRate: 0.75, responseHours: 10, mentionChance: 0.5, spanishShare: 0.01 },
  riverside: { monthlyReviews: 32, monthlyMapReviews: 3, responseRate: 0.45, responseHours: 30, mentionChance: 0.4, spanishShare: 0.06 },
  'cedar-hills': { monthlyReviews: 28, monthlyMapReviews: 3, responseRate: 0.5, responseHours: 24, mentionChance: 0.45, spanishShare: 0.02 },
  lakeview: { monthlyReviews: 14, monthlyMapReviews: 2, responseRate: 0.15, responseHours: 72, mentionChance: 0.35, spanishShare: 0.01 },
};

export const COMPANY_MONTHLY_REVIEWS = 10;
export const COMPANY_RESPONSE_RATE = 0.6;

const BASELINE: Record<string, number> = { 'harbor-point': 4.75, riverside: 4.45, 'cedar-hills': 4.2, lakeview: 4.0 };

/**
 * The declining store's curve: a slow slide from its baseline (180 → 100 days
 * ago), then a cliff over one month (100 → 70 days ago: the service desk lost
 * half its staff), then a slow further drift down. The cliff is what makes
 * the one-month CX lead visible; a straight line looks the same when shifted.
 */
const SLIDE = 0.45;
const CLIFF = 1.0;
const DRIFT = 0.25;
export const CLIFF_DAYS_AGO: readonly [number, number] = [100, 70];

function declineBelowBaseline(daysAgo: number): number {
  const [cliffStart, cliffEnd] = CLIFF_DAYS_AGO;
  const start = STORY.declineStartsDaysAgo;
  if (daysAgo >= start) return 0;
  if (daysAgo >= cliffStart) return (SLIDE * (start - daysAgo)) / (start - cliffStart);
  if (daysAgo >= cliffEnd) return SLIDE + (CLIFF * (cliffStart - daysAgo)) / (cliffStart - cliffEnd);
  return SLIDE + CLIFF + (DRIFT * Math.min(cliffEnd - daysAgo, 2 * cliffEnd)) / cliffEnd;
}

/**
 * Latent mean (stars) of a location `daysAgo` days before asOf. Negative
 * daysAgo (the future) continues the trend, which the CX lead needs.
 */
export function locationMean(locationKey: string, daysAgo: number): number {
  const base = BASELINE[locationKey] ?? 4.2;
  // A gentle yearly wobble so steady stores are not perfectly flat lines.
  const wobble = 0.06 * Math.sin((2 * Math.PI * daysAgo) / 365);
  return base + wobble - (locationKey === STORY.decliningLocation ? declineBelowBaseline(daysAgo) : 0);
}

/** The company-level profile drifts down a little with the declining store. */
export function companyMean(daysAgo: number): number {
  const slide = daysAgo < STORY.declineStartsDaysAgo ? (0.25 * (STORY.declineStartsDaysAgo - daysAgo)) / STORY.declineStartsDaysAgo : 0;
  return 4.15 - slide + 0.05 * Math.sin((2 * Math.PI * daysAgo) / 365);
}

const PERSON_OFFSET: Record<string, number> = {
  'michael-brennan': 0.15,
  'tristan-cole': 0.1,
  'rafael-quintero': 0.05,
  'chris-delgado': -0.1,
  'marcus-feld': 0.2,
  'sofia-navarro': 0.1,
  'christopher-yates': 0,
  'beatriz-pena': 0.1,
  'samuel-okafor': 0.1,
  'renee-dubois': -0.05,
};

/**
 * How much better or worse a person does than their store. The improving
 * salesperson goes from clearly below the store to above it over the period.
 */
export function personOffset(personKey: string, daysAgo: number, periodDays: number): number {
  if (personKey === STORY.improvingPerson) {
    const progress = Math.max(0, Math.min(1, 1 - daysAgo / periodDays));
    return -1.3 + 1.8 * progress;
  }
  return PERSON_OFFSET[personKey] ?? 0;
}

/** Which themes complaints and praise favour at this store at this time. */
export function themeBias(locationKey: string | null, daysAgo: number): { pos: ThemeWeights; neg: ThemeWeights } {
  if (locationKey === STORY.decliningLocation && daysAgo < STORY.declineStartsDaysAgo)
    return { pos: { friendliness: 1 }, neg: { speed: 6, communication: 6, responsiveness: 4 } };
  if (locationKey === STORY.steadyLocation) return { pos: { friendliness: 2, speed: 1, honesty: 1 }, neg: { price: 2 } };
  if (locationKey === null) return { pos: { price: 1, paperwork: 1 }, neg: { price: 2, paperwork: 2, 'follow-up': 1 } };
  return { pos: { friendliness: 1, knowledge: 1 }, neg: { price: 1, paperwork: 1 } };
}

/** The improving salesperson's complaints are about knowledge early on, praise about it later. */
export function personThemeBias(personKey: string, daysAgo: number, periodDays: number): { pos: ThemeWeights; neg: ThemeWeights } | null {
  if (personKey !== STORY.improvingPerson) return null;
  const late = daysAgo < periodDays / 2;
  return late
    ? { pos: { knowledge: 4, 'follow-up': 3 }, neg: {} }
    : { pos: {}, neg: { knowledge: 4, 'follow-up': 3, communication: 2 } };
}

/** Response behaviour at the declining store gets worse along with its ratings. */
export function responseBehaviour(locationKey: string, daysAgo: number): { rate: number; hours: number } {
  const profile = LOCATION_PROFILES[locationKey];
  if (!profile) return { rate: COMPANY_RESPONSE_RATE, hours: 20 };
  if (locationKey === STORY.decliningLocation && daysAgo < STORY.declineStartsDaysAgo)
    return { rate: profile.responseRate * 0.4, hours: profile.responseHours * 3 };
  return { rate: profile.responseRate, hours: profile.responseHours };
}

/** A star value 1..5 drawn around a latent mean; clamping gives the J-shape review sites show. */
export function drawStars(normal: number, mean: number): number {
  return Math.max(1, Math.min(5, Math.round(mean + normal)));
}
