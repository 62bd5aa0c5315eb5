import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EmployeeTagJson, EntityKind } from '../../../db/types';
import { seededRandom } from '../../../core/rng';

/**
 * A small dealership for integration tests of processing and rollups: one
 * company, two locations, four salespeople, two review sites, profiles for the
 * company, each location and one salesperson; plus a deterministic review
 * generator (seeded PRNG, no Math.random) so runs are comparable.
 */
export interface Seeded {
  orgId: number;
  locations: { north: number; south: number };
  people: { mike: number; sarah: number; dave: number; ann: number };
  sources: { google: number; dealerrater: number };
  targets: Record<TargetName, { id: number; sourceId: number; kind: EntityKind; locationId: number | null; personId: number | null }>;
}

export type TargetName = 'company' | 'north' | 'south' | 'mike';

export async function seedRoster(db: Kysely<Database>): Promise<Seeded> {
  const org = await db.insertInto('organizations').values({ key: 'acme', name: 'Acme Motors' }).returning('id').executeTakeFirstOrThrow();
  const loc = async (key: string, name: string) =>
    (await db.insertInto('locations').values({ organization_id: org.id, key, name }).returning('id').executeTakeFirstOrThrow()).id;
  const north = await loc('north', 'Acme North');
  const south = await loc('south', 'Acme South');
  const person = async (key: string, name: string, locationId: number, aliases: string[] = [], activeTo: string | null = null) => {
    const [first, ...rest] = name.split(' ');
    return (
      await db
        .insertInto('people')
        .values({
          organization_id: org.id,
          location_id: locationId,
          key,
          display_name: name,
          first_name: first ?? null,
          last_name: rest.join(' ') || null,
          aliases: JSON.stringify(aliases),
          team: locationId === north ? 'north-sales' : 'south-sales',
          active_to: activeTo,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const mike = await person('mike', 'Mike Lambert', north, ['Mikey']);
  const sarah = await person('sarah', 'Sarah Connor', north);
  const dave = await person('dave', 'Dave Okafor', south);
  const ann = await person('ann', 'Ann Whitfield', south, [], '2025-06-30');
  const source = async (key: string, label: string) =>
    (await db.insertInto('sources').values({ key, label }).returning('id').executeTakeFirstOrThrow()).id;
  const google = await source('google', 'Google');
  const dealerrater = await source('dealerrater', 'DealerRater');
  const target = async (key: string, sourceId: number, kind: EntityKind, locationId: number | null, personId: number | null) => {
    const row = await db
      .insertInto('targets')
      .values({ key, source_id: sourceId, url: `https://example.test/${key}`, entity_kind: kind, organization_id: org.id, location_id: locationId, person_id: personId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, sourceId, kind, locationId, personId };
  };
  return {
    orgId: org.id,
    locations: { north, south },
    people: { mike, sarah, dave, ann },
    sources: { google, dealerrater },
    targets: {
      company: await target('acme:google', google, 'company', null, null),
      north: await target('north:google', google, 'location', north, null),
      south: await target('south:dealerrater', dealerrater, 'location', south, null),
      mike: await target('mike:dealerrater', dealerrater, 'person', north, mike),
    },
  };
}

export interface ReviewSpec {
  target: TargetName;
  externalId?: string;
  rating?: number | null;
  title?: string | null;
  text?: string | null;
  language?: string | null;
  publishedAt?: string | null;
  firstSeenAt?: string;
  ownerResponseText?: string | null;
  ownerResponseAt?: string | null;
  removedAt?: string | null;
  employeeTags?: unknown;
}

let counter = 0;

export function contentHash(spec: ReviewSpec): string {
  return createHash('sha256')
    .update(JSON.stringify([spec.rating, spec.title, spec.text, spec.ownerResponseText, spec.employeeTags]))
    .digest('hex');
}

export async function insertReviews(db: Kysely<Database>, seeded: Seeded, specs: readonly ReviewSpec[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < specs.length; i += 500) {
    const rows = specs.slice(i, i + 500).map((s) => {
      const t = seeded.targets[s.target];
      return {
        source_id: t.sourceId,
        target_id: t.id,
        external_id: s.externalId ?? `r${++counter}`,
        entity_kind: t.kind,
        organization_id: seeded.orgId,
        location_id: t.locationId,
        person_id: t.personId,
        rating_raw: s.rating ?? null,
        rating: s.rating ?? null,
        title: s.title ?? null,
        text: s.text ?? null,
        language: s.language ?? null,
        published_at: s.publishedAt === undefined ? '2026-03-10T12:00:00Z' : s.publishedAt,
        first_seen_at: s.firstSeenAt ?? '2026-11-01T00:00:00Z',
        owner_response_text: s.ownerResponseText ?? null,
        owner_response_at: s.ownerResponseAt ?? null,
        removed_at: s.removedAt ?? null,
        content_hash: contentHash(s),
        employee_tags: JSON.stringify(s.employeeTags ?? []),
      };
    });
    const out = await db.insertInto('reviews').values(rows).returning('id').execute();
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}

/** Mulberry32: tiny, fast, deterministic. */
export const prng = seededRandom;

const PRAISE = ['Great experience', 'Friendly and fast', 'Very helpful staff', 'Smooth purchase, no pressure', 'Excellent service department'];
const COMPLAINTS = ['Waited two hours', 'Rude finance manager', 'Hidden fees at signing', 'Car was not cleaned', 'Nobody called me back'];
const NAMES = ['Mike', 'Mike Lambert', 'Mikey', 'Sarah', 'Sarah Connor', 'Dave', 'Ann Whitfield', 'Bob'];

/** n varied reviews between 2025-01-01 and 2026-10-31: ratings, names in text, tags, responses, removals, missing dates. */
export function generateReviews(n: number, seed = 42): ReviewSpec[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const targets: TargetName[] = ['company', 'north', 'south', 'mike'];
  const start = Date.UTC(2025, 0, 1);
  const span = Date.UTC(2026, 9, 31) - start;
  const out: ReviewSpec[] = [];
  for (let i = 0; i < n; i++) {
    const rating = rnd() < 0.08 ? null : Math.min(5, Math.max(1, Math.round(1 + rnd() * 4.9)));
    const good = (rating ?? 3) >= 4;
    const published = new Date(start + Math.floor(rnd() * span));
    const name = rnd() < 0.5 ? pick(NAMES) : null;
    const text = rnd() < 0.1 ? null : `${pick(good ? PRAISE : COMPLAINTS)}.${name ? ` ${name} ${good ? 'was great' : 'was not helpful'}.` : ''}`;
    const tags: EmployeeTagJson[] =
      rnd() < 0.15 ? [{ name: pick(['Sarah Connor', 'Dave Okafor', 'Mike Lambert']), rating: 5, ratingScale: 5, profileUrl: null, externalId: null }] : [];
    const responded = rnd() < 0.4;
    out.push({
      target: pick(targets),
      externalId: `gen-${seed}-${i}`,
      rating,
      text,
      publishedAt: rnd() < 0.03 ? null : published.toISOString(),
      firstSeenAt: new Date(published.getTime() + 86_400_000).toISOString(),
      ownerResponseText: responded ? 'Thank you for your feedback.' : null,
      ownerResponseAt: responded ? new Date(published.getTime() + Math.floor(rnd() * 96) * 3_600_000).toISOString() : null,
      removedAt: rnd() < 0.04 ? '2026-11-01T00:00:00Z' : null,
      employeeTags: tags,
    });
  }
  return out;
}
