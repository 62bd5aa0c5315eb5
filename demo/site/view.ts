import { demoReviewsAt } from '../world/phases';
import type { DemoLocation, DemoPerson, DemoReview, DemoWorld } from '../world/types';
import { average, slug } from './html';

/**
 * The site's indexes for one phase: each listing newest first, built once per
 * phase and world (benchmarks serve worlds with hundreds of thousands of reviews).
 */
export interface ReviewList {
  reviews: DemoReview[];
  average: number | null;
}

export interface SiteView {
  phase: number;
  company: ReviewList;
  dealer: Map<string, ReviewList>;
  maps: Map<string, ReviewList>;
  /** Dealer reviews that tag the person ("Employees Worked With"). */
  byPerson: Map<string, ReviewList>;
}

function list(reviews: DemoReview[]): ReviewList {
  reviews.reverse();
  return { reviews, average: average(reviews.map((r) => r.rating)) };
}

const views = new WeakMap<DemoWorld, Map<number, SiteView>>();

export function siteView(world: DemoWorld, phase: number): SiteView {
  let byPhase = views.get(world);
  if (!byPhase) views.set(world, (byPhase = new Map()));
  const cached = byPhase.get(phase);
  if (cached) return cached;

  const company: DemoReview[] = [];
  const dealer = new Map<string, DemoReview[]>(world.locations.map((l) => [l.key, []]));
  const maps = new Map<string, DemoReview[]>(world.locations.map((l) => [l.key, []]));
  const byPerson = new Map<string, DemoReview[]>(world.people.map((p) => [p.key, []]));
  for (const r of demoReviewsAt(world, phase)) {
    if (r.channel === 'company') company.push(r);
    else if (r.channel === 'maps') maps.get(r.locationKey ?? '')?.push(r);
    else {
      dealer.get(r.locationKey ?? '')?.push(r);
      for (const e of r.employees) byPerson.get(e.personKey)?.push(r);
    }
  }
  const mapLists = (m: Map<string, DemoReview[]>) => new Map([...m].map(([k, v]) => [k, list(v)]));
  const view: SiteView = { phase, company: list(company), dealer: mapLists(dealer), maps: mapLists(maps), byPerson: mapLists(byPerson) };
  byPhase.set(phase, view);
  return view;
}

/** The average of a person's own employee ratings (what their profile page shows). */
export function personAverage(person: DemoPerson, reviews: readonly DemoReview[]): number | null {
  const ratings: number[] = [];
  for (const r of reviews) for (const e of r.employees) if (e.personKey === person.key) ratings.push(e.rating);
  return average(ratings);
}

export interface SitePaths {
  company(page?: number): string;
  dealer(location: DemoLocation | string, page?: number): string;
  sales(person: DemoPerson, page?: number): string;
  maps(location: DemoLocation | string): string;
  mapsData(location: DemoLocation | string, page?: number): string;
}

/** URL shapes of the demo site (paths only; prefix with the site's url). */
export const sitePaths: SitePaths = {
  company: (page = 1) => (page > 1 ? `/company/reviews?page=${page}` : '/company/reviews'),
  dealer: (location, page = 1) => {
    const key = typeof location === 'string' ? location : location.key;
    return page > 1 ? `/dealer/${key}/reviews/page${page}/` : `/dealer/${key}/reviews/`;
  },
  sales: (person, page = 1) => `/sales/${slug(person.name)}-review-${person.siteId}/${page > 1 ? `?page=${page}` : ''}`,
  maps: (location) => `/maps/${typeof location === 'string' ? location : location.key}`,
  mapsData: (location, page = 1) => `/maps/${typeof location === 'string' ? location : location.key}/data.json?page=${page}`,
};

/** Page count for a listing; an empty listing still has its first page. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
