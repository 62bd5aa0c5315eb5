import {
  attributeReview,
  buildNameIndex,
  type Attribution,
  type AttributionRule,
  type NameIndex,
  type RosterPerson,
} from '../attribution';

/**
 * The attribution side of the per-review step: one name index per
 * organization (a review is only ever about people of its own company) and the
 * remembered rules, built once per job run. The attribution library speaks
 * string ids; the database numbers — the conversion lives here only.
 */
export interface RosterEntry {
  id: number;
  organizationId: number;
  locationId: number | null;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  aliases: string[];
  activeFrom: string | null;
  activeTo: string | null;
}

export interface RuleEntry {
  pattern: string;
  locationId: number | null;
  personId: number | null;
}

export interface AttributionContext {
  indexes: Map<number, NameIndex>;
  rules: AttributionRule[];
  reviewThreshold: number;
}

export interface AttributionInput {
  organizationId: number;
  locationId: number | null;
  /** The person whose own profile the review is on. */
  profilePersonId: number | null;
  text: string | null;
  employeeNames: string[];
  publishedAt: Date | null;
}

export interface PersonAttribution {
  personId: number;
  method: Attribution['method'];
  confidence: number;
  evidence: string;
  needsReview: boolean;
}

function toRosterPerson(p: RosterEntry): RosterPerson {
  return {
    id: String(p.id),
    displayName: p.displayName,
    ...(p.firstName ? { firstName: p.firstName } : {}),
    ...(p.lastName ? { lastName: p.lastName } : {}),
    aliases: p.aliases,
    locationId: p.locationId === null ? null : String(p.locationId),
    active: { ...(p.activeFrom ? { from: p.activeFrom } : {}), ...(p.activeTo ? { to: p.activeTo } : {}) },
  };
}

export function buildAttributionContext(roster: readonly RosterEntry[], rules: readonly RuleEntry[], reviewThreshold: number): AttributionContext {
  const byOrg = new Map<number, RosterPerson[]>();
  for (const p of roster) {
    const list = byOrg.get(p.organizationId) ?? [];
    list.push(toRosterPerson(p));
    byOrg.set(p.organizationId, list);
  }
  return {
    indexes: new Map([...byOrg].map(([org, people]) => [org, buildNameIndex(people)])),
    rules: rules.map((r) => ({
      pattern: r.pattern,
      locationId: r.locationId === null ? null : String(r.locationId),
      personId: r.personId === null ? null : String(r.personId),
    })),
    reviewThreshold,
  };
}

const EMPTY_INDEX = buildNameIndex([]);

export function attributePeople(ctx: AttributionContext, input: AttributionInput): PersonAttribution[] {
  const index = ctx.indexes.get(input.organizationId) ?? EMPTY_INDEX;
  const found = attributeReview(
    index,
    {
      text: input.text,
      employees: input.employeeNames.map((name) => ({ name })),
      profilePersonId: input.profilePersonId === null ? null : String(input.profilePersonId),
      locationId: input.locationId === null ? null : String(input.locationId),
      publishedAt: input.publishedAt,
    },
    { reviewThreshold: ctx.reviewThreshold, rules: ctx.rules },
  );
  return found.map((a) => ({
    personId: Number(a.personId),
    method: a.method,
    confidence: a.confidence,
    evidence: a.evidence,
    needsReview: a.needsReview,
  }));
}
