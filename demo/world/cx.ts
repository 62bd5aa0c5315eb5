import { isActive } from './roster';
import { Rng } from '../../core/rng';
import { LOCATION_PROFILES, locationMean, personOffset } from './story';
import type { DemoWorld } from './types';

/**
 * Internal CX survey results (NPS, CSAT) per month, as a company would export
 * them. They follow the same latent quality as the public reviews; at the
 * declining store they follow it `cxLeadDays` earlier, because surveys are
 * sent right after the visit while public reviews trickle in later.
 */

export interface DemoCxRow {
  entityType: 'company' | 'location' | 'person';
  externalKey: string;
  /** "2026-03" */
  period: string;
  metric: 'NPS' | 'CSAT';
  value: number;
  responses: number;
  transactions: number;
}

const DAY_MS = 86_400_000;

/** Survey-style mapping from latent stars to NPS (-100..100) and CSAT (0..100). */
function npsFor(stars: number): number {
  return (stars - 3.6) * 60;
}
function csatFor(stars: number): number {
  return 93 - (4.75 - stars) * 17;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** Completed calendar months of the period (the month containing asOf is not finished yet). */
export function cxMonths(world: DemoWorld): { period: string; startMs: number; endMs: number }[] {
  const start = new Date(world.start);
  const asOfMs = Date.parse(world.asOf);
  const out: { period: string; startMs: number; endMs: number }[] = [];
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    const startMs = Date.UTC(y, m, 1);
    const endMs = Date.UTC(y, m + 1, 1);
    if (endMs > asOfMs) break;
    if (endMs > Date.parse(world.start)) out.push({ period: new Date(startMs).toISOString().slice(0, 7), startMs, endMs });
  }
  return out;
}

export function buildDemoCx(world: DemoWorld): DemoCxRow[] {
  const rng = Rng.derive(world.seed, 'cx');
  const asOfMs = Date.parse(world.asOf);
  const periodDays = (asOfMs - Date.parse(world.start)) / DAY_MS;
  const rows: DemoCxRow[] = [];
  const push = (entityType: DemoCxRow['entityType'], externalKey: string, period: string, stars: number, responses: number, transactions: number) => {
    // Sampling noise shrinks with the number of survey responses.
    const noise = 1 / Math.sqrt(Math.max(responses, 1));
    rows.push({ entityType, externalKey, period, metric: 'NPS', value: round1(clamp(npsFor(stars) + rng.normal(0, 30 * noise), -100, 100)), responses, transactions });
    rows.push({ entityType, externalKey, period, metric: 'CSAT', value: round1(clamp(csatFor(stars) + rng.normal(0, 12 * noise), 0, 100)), responses, transactions });
  };

  for (const month of cxMonths(world)) {
    const midMs = (month.startMs + month.endMs) / 2;
    const daysAgo = (asOfMs - midMs) / DAY_MS;
    let companyWeighted = 0;
    let companyResponses = 0;
    let companyTransactions = 0;
    for (const loc of world.locations) {
      const lead = loc.key === world.story.decliningLocation ? world.story.cxLeadDays : 0;
      const stars = locationMean(loc.key, daysAgo - lead);
      const profile = LOCATION_PROFILES[loc.key];
      const transactions = Math.max(1, Math.round((profile?.monthlyReviews ?? 20) * 7 * world.scale * (1 + rng.normal(0, 0.08))));
      const responses = Math.max(1, Math.round(transactions * clamp(0.22 + rng.normal(0, 0.02), 0.1, 0.4)));
      push('location', loc.externalKey, month.period, stars, responses, transactions);
      companyWeighted += stars * responses;
      companyResponses += responses;
      companyTransactions += transactions;

      const sellers = world.people.filter((p) => p.locationKey === loc.key && p.sells);
      const activeShare = sellers.map((p) => activeFraction(p, month.startMs, month.endMs));
      const staffed = activeShare.reduce((a, b) => a + b, 0) || 1;
      sellers.forEach((person, i) => {
        const share = activeShare[i] ?? 0;
        if (share <= 0) return;
        const personTransactions = Math.max(1, Math.round((transactions * share) / staffed));
        const personResponses = Math.max(1, Math.round(personTransactions * clamp(0.25 + rng.normal(0, 0.04), 0.1, 0.5)));
        const personStars = stars + personOffset(person.key, daysAgo - lead, periodDays);
        push('person', person.externalKey, month.period, personStars, personResponses, personTransactions);
      });
    }
    push('company', world.company.externalKey, month.period, companyWeighted / companyResponses, companyResponses, companyTransactions);
  }
  return rows;
}

/** Share of the month the person was on staff, sampled per day. */
function activeFraction(person: DemoWorld['people'][number], startMs: number, endMs: number): number {
  let on = 0;
  let days = 0;
  for (let t = startMs + DAY_MS / 2; t < endMs; t += DAY_MS, days++) if (isActive(person, t)) on++;
  return days ? on / days : 0;
}

export const DEMO_CX_HEADER = 'entity_type,external_key,period,metric,value,responses,transactions';

/** The CX export as CSV text, ready for `repwatch import-cx`. */
export function demoCxCsv(world: DemoWorld): string {
  const lines = buildDemoCx(world).map((r) =>
    [r.entityType, r.externalKey, r.period, r.metric, r.value, r.responses, r.transactions].join(','),
  );
  return `${DEMO_CX_HEADER}\n${lines.join('\n')}\n`;
}
