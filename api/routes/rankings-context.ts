import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors';
import { latestPeriodStart } from '../../db/queries/api-rollups';
import { getRankingRows, type RankingRow } from '../../db/queries/rollups';
import type { Database, PeriodKind } from '../../db/types';
import { singleFlight } from '../http/single-flight';
import { checkPeriodStart } from '../periods';
import { authorize } from '../policy';
import { authorizedEntity, primaryCompanyId } from '../subjects';
import type { Principal } from '../types';
import type { Within } from './rankings.schemas';

/**
 * What every ranking endpoint does first: check "among whom" against the key,
 * settle the period, and load the candidates' rollup rows for a period.
 */
export interface RankingScope {
  level: 'location' | 'person';
  within: Within;
  label: string;
  organizationId: number;
}

export async function rankingScope(db: Kysely<Database>, principal: Principal, level: 'location' | 'person', within: Within | undefined): Promise<RankingScope> {
  const w = within ?? { kind: 'company' as const };
  if (level === 'location' && w.kind !== 'company')
    throw new AppError('VALIDATION_FAILED', 'Invalid query parameter "within": locations are ranked within the company only.', { param: 'query.within' });
  // Cached with the entity lookups: a query per ranking request for a row that practically never changes.
  const organizationId = await primaryCompanyId(db);
  if (organizationId === undefined) throw new AppError('NOT_FOUND', 'No company is set up yet.');
  if (w.kind === 'company') await authorizedEntity(db, principal, { kind: 'company', id: organizationId }, 'read');
  else if (w.kind === 'location') await authorizedEntity(db, principal, { kind: 'location', id: w.id }, 'read', 'query.within');
  else authorize(principal, 'read', { kind: 'team', name: w.name });
  const label = w.kind === 'company' ? 'company' : w.kind === 'location' ? `location:${w.id}` : `team:${w.name}`;
  return { level, within: w, label, organizationId };
}

export async function resolvePeriod(db: Kysely<Database>, level: 'location' | 'person', kind: PeriodKind, start: string | undefined): Promise<string | null> {
  if (start !== undefined) {
    checkPeriodStart(kind, start);
    return start;
  }
  return latestPeriodStart(db, level, kind, new Date().toISOString().slice(0, 10));
}

/** One league table; identical concurrent requests share one query (see single-flight.ts). */
export async function rowsAt(db: Kysely<Database>, scope: RankingScope, kind: PeriodKind, start: string, minCount: number) {
  const query = {
    level: scope.level,
    withinLocationId: scope.within.kind === 'location' ? scope.within.id : undefined,
    team: scope.within.kind === 'team' ? scope.within.name : undefined,
    periodKind: kind,
    periodStart: start,
    minCount,
    organizationId: scope.organizationId,
  };
  return singleFlight(db, `ranking:${JSON.stringify(query)}`, () => getRankingRows(db, query));
}

export const entityOf = (r: RankingRow) => ({ kind: r.entityKind, id: r.entityId, name: r.name });

export function halfWidthSe(low: number | null, high: number | null): number | null {
  return low === null || high === null ? null : (high - low) / 2 / 1.959964;
}
