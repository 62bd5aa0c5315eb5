import { authorName } from './authors';
import { Rng } from '../../core/rng';
import {
  COMPANY_MONTHLY_REVIEWS,
  LOCATION_PROFILES,
  companyMean,
  drawStars,
  locationMean,
  personOffset,
  personThemeBias,
  responseBehaviour,
  themeBias,
} from './story';
import { composeResponse, composeReview, type ThemeWeights } from './text';
import type { DemoChannel, DemoLocation, DemoOwnerResponse, DemoPerson, DemoReview, DemoVisitType } from './types';

export const DAY_MS = 86_400_000;

export interface GenContext {
  seed: number;
  asOfMs: number;
  startMs: number;
  scale: number;
  locations: readonly DemoLocation[];
  people: readonly DemoPerson[];
}

/** A review before its id is assigned (id is ""); `ms` orders them. Kept apart so no object is copied. */
interface Draft {
  ms: number;
  review: DemoReview;
}

const WEEKDAY_FACTOR = [0.7, 0.95, 0.95, 0.95, 1, 1.1, 1.35];
const VISIT_TYPES: readonly DemoVisitType[] = ['SALES VISIT - NEW', 'SALES VISIT - USED', 'SERVICE VISIT'];
const RATING_ONLY_SHARE = 0.05;

function mergeBias(a: ThemeWeights, b: ThemeWeights | undefined): ThemeWeights {
  const out: ThemeWeights = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) out[k as keyof ThemeWeights] = (out[k as keyof ThemeWeights] ?? 0) + v;
  return out;
}

function clampStar(x: number): number {
  return Math.max(1, Math.min(5, Math.round(x)));
}

function makeResponse(
  rng: Rng,
  ms: number,
  asOfMs: number,
  rating: number,
  rate: number,
  hours: number,
  text: () => string,
  byKey: string | null,
): DemoOwnerResponse | null {
  if (!rng.chance(rating <= 2 ? Math.min(0.95, rate * 1.3) : rate)) return null;
  const delayHours = Math.exp(rng.normal(Math.log(hours), 0.8));
  const at = ms + Math.round(delayHours * 3_600_000);
  // An answer "in the future" has simply not been written yet.
  if (at >= asOfMs) return null;
  return { text: text(), at: new Date(at).toISOString(), byKey };
}

/** Number of reviews on each day of the period for one stream; the last day always gets one for dealer pages. */
function dailyCounts(rng: Rng, ctx: GenContext, monthly: number, forceLastDay: boolean): number[] {
  const days = Math.round((ctx.asOfMs - ctx.startMs) / DAY_MS);
  const perDay = (monthly * ctx.scale) / 30.44;
  const counts: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = new Date(ctx.startMs + d * DAY_MS).getUTCDay();
    counts.push(rng.poisson(perDay * (WEEKDAY_FACTOR[weekday] ?? 1)));
  }
  // Phase 1 (the last day) must show new reviews at the top of every dealer page.
  if (forceLastDay && days > 0 && counts[days - 1] === 0) counts[days - 1] = 1;
  return counts;
}

function timeOnDay(rng: Rng, dayMs: number): number {
  // Business hours on the US west coast are roughly 15:00–05:00 UTC; keep inside the UTC day.
  return dayMs + rng.int(14 * 3600, 23 * 3600 + 3599) * 1000;
}

function locationStream(ctx: GenContext, loc: DemoLocation, channel: 'dealer' | 'maps'): Draft[] {
  const rng = Rng.derive(ctx.seed, `${channel}:${loc.key}`);
  const profile = LOCATION_PROFILES[loc.key]!;
  const periodDays = (ctx.asOfMs - ctx.startMs) / DAY_MS;
  // Staff dates as instants once per stream: checking them per review dominated generation time.
  const sellers = ctx.people
    .filter((p) => p.locationKey === loc.key && p.sells)
    .map((p) => ({
      person: p,
      from: p.activeFrom ? Date.parse(`${p.activeFrom}T00:00:00Z`) : -Infinity,
      to: p.activeTo ? Date.parse(`${p.activeTo}T00:00:00Z`) + DAY_MS : Infinity,
    }));
  const manager = ctx.people.find((p) => p.key === loc.managerKey);
  const monthly = channel === 'dealer' ? profile.monthlyReviews : profile.monthlyMapReviews;
  const counts = dailyCounts(rng, ctx, monthly, channel === 'dealer');
  const out: Draft[] = [];
  counts.forEach((n, d) => {
    const dayMs = ctx.startMs + d * DAY_MS;
    for (let i = 0; i < n; i++) {
      const ms = timeOnDay(rng, dayMs);
      const daysAgo = (ctx.asOfMs - ms) / DAY_MS;
      const active: DemoPerson[] = [];
      for (const s of sellers) if (ms >= s.from && ms < s.to) active.push(s.person);
      const visitType = rng.weighted(VISIT_TYPES, [0.45, 0.35, 0.2]);
      const sales = visitType !== 'SERVICE VISIT';
      // Who served the customer; only the dealer site tags them, any text may name them.
      const involved: DemoPerson[] = [];
      if (active.length && rng.chance(sales ? 0.8 : 0.2)) {
        involved.push(rng.pick(active));
        const other = active.filter((p) => p !== involved[0]);
        if (other.length && rng.chance(0.2)) involved.push(rng.pick(other));
      }
      const tagged = channel === 'dealer' && rng.chance(0.85) ? involved : [];
      const offset = involved.length ? involved.reduce((s, p) => s + personOffset(p.key, daysAgo, periodDays), 0) / involved.length : 0;
      const mean = locationMean(loc.key, daysAgo) - (channel === 'maps' ? 0.15 : 0) + offset;
      const rating = drawStars(rng.normal(0, 0.85), mean);
      const spanish = rng.chance(involved.some((p) => p.key === 'sofia-navarro') ? 0.35 : profile.spanishShare);
      const author = authorName(rng, spanish);
      const bias = themeBias(loc.key, daysAgo);
      let pos = bias.pos;
      let neg = bias.neg;
      for (const p of involved) {
        const pb = personThemeBias(p.key, daysAgo, periodDays);
        if (pb) {
          pos = mergeBias(pos, pb.pos);
          neg = mergeBias(neg, pb.neg);
        }
      }
      const ratingOnly = rng.chance(RATING_ONLY_SHARE);
      const composed = ratingOnly
        ? null
        : composeReview(rng, {
            rating,
            language: spanish ? 'es' : 'en',
            namable: involved,
            mentionChance: involved.length && !tagged.length ? 0.75 : profile.mentionChance,
            posWeights: pos,
            negWeights: neg,
            emojiChance: 0.06,
          });
      const subRatings: Record<string, number> = {};
      if (channel === 'dealer') {
        subRatings['Customer Service'] = clampStar(rating + rng.normal(0, 0.5));
        if (!sales) subRatings['Quality of Work'] = clampStar(rating + rng.normal(0, 0.5));
        subRatings['Friendliness'] = clampStar(rating + rng.normal(0.2, 0.5));
        subRatings['Pricing'] = clampStar(rating + rng.normal(-0.2, 0.6));
        subRatings['Overall Experience'] = rating;
      }
      const behaviour = responseBehaviour(loc.key, daysAgo);
      const signer = manager ? `${manager.firstName} ${manager.lastName}, ${manager.title}` : loc.name;
      const who = involved[0]?.firstName ?? null;
      const response = makeResponse(
        rng,
        ms,
        ctx.asOfMs,
        rating,
        channel === 'maps' ? behaviour.rate * 0.5 : behaviour.rate,
        behaviour.hours,
        () => composeResponse(rng, rating, spanish ? 'es' : 'en', author, who, signer),
        manager?.key ?? null,
      );
      out.push({ ms, review: {
        id: '',
        channel,
        locationKey: loc.key,
        publishedAt: new Date(ms).toISOString(),
        rating,
        // DealerRater-like pages have no titles (they show the text's first words as a headline).
        title: channel === 'dealer' ? null : (composed?.title ?? null),
        text: composed?.text ?? null,
        language: spanish ? 'es' : 'en',
        author,
        visitType: channel === 'dealer' ? visitType : null,
        employees: tagged.map((p) => ({ personKey: p.key, rating: clampStar(rating + rng.normal(0.1, 0.35)) })),
        mentions: composed?.mentions ?? [],
        themes: composed?.themes ?? [],
        subRatings,
        recommend: channel === 'dealer' ? rating >= 4 || (rating === 3 && rng.chance(0.5)) : null,
        response,
      } });
    }
  });
  return out;
}

function companyStream(ctx: GenContext): Draft[] {
  const rng = Rng.derive(ctx.seed, 'company');
  const counts = dailyCounts(rng, ctx, COMPANY_MONTHLY_REVIEWS, false);
  const out: Draft[] = [];
  counts.forEach((n, d) => {
    for (let i = 0; i < n; i++) {
      const ms = timeOnDay(rng, ctx.startMs + d * DAY_MS);
      const daysAgo = (ctx.asOfMs - ms) / DAY_MS;
      const rating = drawStars(rng.normal(0, 0.9), companyMean(daysAgo));
      const spanish = rng.chance(0.03);
      const author = authorName(rng, spanish);
      const bias = themeBias(null, daysAgo);
      const composed = rng.chance(0.03)
        ? null
        : composeReview(rng, { rating, language: spanish ? 'es' : 'en', namable: [], mentionChance: 0, posWeights: bias.pos, negWeights: bias.neg, emojiChance: 0.05 });
      const response = makeResponse(rng, ms, ctx.asOfMs, rating, 0.6, 20, () =>
        composeResponse(rng, rating, spanish ? 'es' : 'en', author, null, 'Northwind Motors Customer Care'), null);
      out.push({ ms, review: {
        id: '',
        channel: 'company',
        locationKey: null,
        publishedAt: new Date(ms).toISOString(),
        rating,
        title: composed?.title ?? null,
        text: composed?.text ?? null,
        language: spanish ? 'es' : 'en',
        author,
        visitType: null,
        employees: [],
        mentions: [],
        themes: composed?.themes ?? [],
        subRatings: {},
        recommend: null,
        response,
      } });
    }
  });
  return out;
}

/** The literal text the dashboard must show escaped, never execute. */
export const HOSTILE_TEXT =
  'Their website chat pasted this into my messages: <script>alert(1)</script> and then a "photo" <img src=x onerror=alert(1)> instead of the car. Nobody called me back to explain.';

/** Plants the escaping test case: the review nearest `daysAgo` in a stream becomes hostile. */
function plantHostile(drafts: Draft[], channel: DemoChannel, locationKey: string | null, asOfMs: number, daysAgo: number): void {
  const target = asOfMs - daysAgo * DAY_MS;
  let found: Draft | undefined;
  for (const d of drafts)
    if (d.review.channel === channel && d.review.locationKey === locationKey && (!found || Math.abs(d.ms - target) < Math.abs(found.ms - target)))
      found = d;
  if (!found) return;
  const best = found.review;
  Object.assign(best, {
    rating: 1,
    title: channel === 'dealer' ? null : 'Read this <b>before</b> you buy',
    text: HOSTILE_TEXT,
    language: 'en',
    mentions: [],
    themes: [{ theme: 'responsiveness', polarity: -1 }],
    response: null,
    hostile: true,
  });
  best.employees = best.employees.map((e) => ({ ...e, rating: 1 }));
  if (channel === 'dealer') for (const k of Object.keys(best.subRatings)) best.subRatings[k] = 1;
  if (best.recommend !== null) best.recommend = false;
}

export function generateReviews(ctx: GenContext): DemoReview[] {
  // concat, not push(...): spreading 100k+ drafts at benchmark scales overflows the call stack.
  let drafts: Draft[] = [];
  for (const loc of ctx.locations) drafts = drafts.concat(locationStream(ctx, loc, 'dealer'), locationStream(ctx, loc, 'maps'));
  drafts = drafts.concat(companyStream(ctx));
  plantHostile(drafts, 'dealer', 'riverside', ctx.asOfMs, 12);
  plantHostile(drafts, 'company', null, ctx.asOfMs, 9);
  // Stable sort: equal timestamps keep stream order, so ids never depend on the sort algorithm.
  drafts.sort((a, b) => a.ms - b.ms);
  const idRng = Rng.derive(ctx.seed, 'ids');
  let id = 5_100_000;
  return drafts.map((d) => {
    id += idRng.int(1, 9);
    d.review.id = String(id);
    return d.review;
  });
}
