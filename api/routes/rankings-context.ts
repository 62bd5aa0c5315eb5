import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors';
import { latestPeriodStart } from '../../db/queries/api-rollups';
import { getRankingRows, getRankingRowsByLocation, type Ranking, type RankingQuery, type RankingRow } from '../../db/queries/rollups';
import type { Database, PeriodKind } from '../../db/types';
import { batchedByShape } from '../http/batch-by-shape';
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

type TableShape = Omit<RankingQuery, 'level' | 'withinLocationId'>;

/**
 * League tables for the ranking routes. Identical concurrent requests share
 * one query (single-flight.ts); tables of people within different locations
 * asked for at the same time share one statement (batch-by-shape.ts), as a
 * manager's dashboard of many branches asks for them.
 */
export function leagueTables(db: Kysely<Database>) {
  const withinLocations = batchedByShape<TableShape, Ranking>({
    shapeKey: (s) => JSON.stringify([s.periodKind, s.periodStart, s.minCount, s.organizationId, s.sourceKey ?? null]),
    readMany: (shape, ids) => getRankingRowsByLocation(db, shape, ids),
    none: (s) => ({ ranked: [], notEnoughReviews: [], minCount: s.minCount }),
  });
  return (scope: RankingScope, kind: PeriodKind, start: string, minCount: number): Promise<Ranking> => {
    const shape: TableShape = { periodKind: kind, periodStart: start, minCount, organizationId: scope.organizationId };
    const { within } = scope;
    const query: RankingQuery = {
      ...shape, level: scope.level, withinLocationId: within.kind === 'location' ? within.id : undefined, team: within.kind === 'team' ? within.name : undefined,
    };
    return singleFlight(db, `ranking:${JSON.stringify(query)}`, () =>
      scope.level === 'person' && within.kind === 'location' ? withinLocations(shape, within.id) : getRankingRows(db, query));
  };
}

export const entityOf = (r: RankingRow) => ({ kind: r.entityKind, id: r.entityId, name: r.name });

export function halfWidthSe(low: number | null, high: number | null): number | null {
  return low === null || high === null ? null : (high - low) / 2 / 1.959964;
}
