/**
 * The demo world: a fictional dealer group, its people and every review the
 * demo site will ever show. It doubles as ground truth: tests and benchmarks
 * compare what the crawlers and processing found with what is here.
 */

export type DemoTheme =
  | 'responsiveness'
  | 'communication'
  | 'speed'
  | 'price'
  | 'honesty'
  | 'knowledge'
  | 'friendliness'
  | 'paperwork'
  | 'follow-up'
  | 'facilities';

export const DEMO_THEMES: readonly DemoTheme[] = [
  'responsiveness',
  'communication',
  'speed',
  'price',
  'honesty',
  'knowledge',
  'friendliness',
  'paperwork',
  'follow-up',
  'facilities',
];

export interface DemoCompany {
  key: string;
  name: string;
  externalKey: string;
  /** Host name used in texts ("northwind-motors.example"); never resolved. */
  website: string;
}

export interface DemoLocation {
  key: string;
  name: string;
  /** Store code, the key the internal CX export uses. */
  externalKey: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  timezone: string;
  /** The site's numeric dealer id. */
  siteId: number;
  /** Person key of the general manager, who signs owner responses. */
  managerKey: string;
}

export interface DemoPerson {
  key: string;
  /** Display name as the site shows it, possibly with a quoted nickname: `Rafael "Rafa" Quintero`. */
  name: string;
  firstName: string;
  lastName: string;
  /** Names customers use in texts ("Mike" for Michael). */
  aliases: string[];
  locationKey: string;
  title: string;
  team: string;
  managerKey: string | null;
  /** Employee number, the key the internal CX export uses. */
  externalKey: string;
  /** The site's numeric employee id (the number in /sales/<First-Last>-review-<id>/). */
  siteId: number;
  /** YYYY-MM-DD; null = before the demo period. */
  activeFrom: string | null;
  /** YYYY-MM-DD; null = still there. */
  activeTo: string | null;
  /** Sells cars (tagged and named in reviews); managers mostly answer reviews. */
  sells: boolean;
}

/** Where a review is published: the company profile, a location's dealer page, or a location's map listing. */
export type DemoChannel = 'company' | 'dealer' | 'maps';

export type DemoVisitType = 'SALES VISIT - NEW' | 'SALES VISIT - USED' | 'SERVICE VISIT';

export interface DemoEmployeeTag {
  personKey: string;
  /** 1..5 stars the customer gave this employee. */
  rating: number;
}

export interface DemoOwnerResponse {
  text: string;
  /** ISO timestamp. */
  at: string;
  /** Person key of whoever signed it. */
  byKey: string | null;
}

export interface DemoReview {
  /** Site-wide numeric id, as a string (stable across phases). */
  id: string;
  channel: DemoChannel;
  /** Null for company-level reviews. */
  locationKey: string | null;
  /** ISO timestamp (UTC). */
  publishedAt: string;
  /** 1..5 stars. Every demo review has stars; some have no text. */
  rating: number;
  title: string | null;
  /** Null for rating-only reviews. */
  text: string | null;
  /** ISO 639-1 code of the text. */
  language: 'en' | 'es';
  author: string;
  visitType: DemoVisitType | null;
  /** Employees tagged by the site (DealerRater "Employees Worked With"). */
  employees: DemoEmployeeTag[];
  /** Ground truth: person keys the text names (by name or alias). */
  mentions: string[];
  /** Ground truth: themes the text talks about and how. */
  themes: { theme: DemoTheme; polarity: 1 | -1 }[];
  /** DealerRater-like sub-ratings, e.g. {"Customer Service": 5}. Empty for other channels. */
  subRatings: Record<string, number>;
  recommend: boolean | null;
  response: DemoOwnerResponse | null;
  /** Marks the reviews planted to test escaping. */
  hostile?: boolean;
}

export interface DemoWorld {
  seed: number;
  /** ISO timestamp (midnight UTC) the world is "as of"; the last phase shows the site at this instant. */
  asOf: string;
  /** ISO timestamp of the first day of the generated period. */
  start: string;
  months: number;
  scale: number;
  company: DemoCompany;
  locations: DemoLocation[];
  people: DemoPerson[];
  /** Every review up to asOf, oldest first (phase edits/removals are applied by demoReviewsAt). */
  reviews: DemoReview[];
  /** The story, so tests and docs can name who declines and who improves. */
  story: DemoStory;
}

export interface DemoStory {
  decliningLocation: string;
  steadyLocation: string;
  improvingPerson: string;
  leftPerson: string;
  joinedPerson: string;
  /** Days before asOf when the declining location starts to slide. */
  declineStartsDaysAgo: number;
  /** How many days the internal CX scores lead the public reviews at the declining location. */
  cxLeadDays: number;
}
