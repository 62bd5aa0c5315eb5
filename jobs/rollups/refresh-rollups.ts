import { sql, type Kysely, type Transaction } from 'kysely';
import type { Settings } from '../../core/config/schema';
import type { Logger } from '../../core/logger';
import type { Database, PeriodKind } from '../../db/types';
import { resolveFormula } from '../../processing/reputation';
import { insertAggregatedCells, planCells } from './aggregate';
import { cellMedians, loadDayHours } from './medians';
import { cellThemes, loadSegmentThemes } from './themes';
import { rebuildFacts, refreshFacts } from './facts-sql';
import { deriveCompanyRows, derivePeriodRows, type DeriveOptions, type Hierarchy } from './derive';
import { addMonths, isoDate, monthStart, PERIOD_KINDS, quarterStart, R90_DAYS, weekStart } from './periods';
import {
  createFreshTable,
  deleteAllRollups,
  deleteVanishedRows,
  FRESH_TABLE,
  insertFreshRows,
  derivedChanged,
  loadHierarchy,
  loadRollups,
  reviewInstantRange,
  updateDerived,
  type DerivedWrite,
  type FreshWrite,
  type StoredRollup,
} from './store';
import { cellsOfEntityDays, TouchedReviews } from './touched';
import { cellKey, rowKey, type DerivationInput, type RollupDerived } from './types';
import { groupBy } from '../../core/group-by';

/**
 * Rebuilds rollups: each review's contribution kept as facts and summed per
 * entity and day (facts-sql.ts), cells summed from those days and inserted
 * in SQL (aggregate.ts), then read back for shrinkage and Reputation Index in
 * JS (derive.ts) and only those columns written: all in one transaction so
 * readers never see a half refresh, under an advisory lock so two refreshes
 * never interleave.
 *
 * touched = 'all' (or absent): full rebuild — every fact counted afresh, then
 * cells one period kind and year at a time to bound memory. touched = reviews
 * (TouchedReviews or ids): incremental — those reviews' old facts out and
 * current facts in, the cells of the days that changed re-summed (into a temp
 * table, their medians in Node: medians.ts), then written over their stored
 * rows with their derived columns, and what depends on them re-derived: every
 * location and person row of the same periods (their priors and estimated
 * prior strengths come from siblings and parents of that period) and every
 * company row (the company prior is its all-time mean, which any review moves). The cost follows the batch, not the
 * stored history. Roster changes (a person moving location) are not review
 * changes: run a full rebuild after them.
 */
type Db = Kysely<Database>;

export interface RefreshRollupsOptions {
  settings: Pick<Readonly<Settings>, 'scoring'>;
  /** Reviews whose inputs changed, or 'all' for a full rebuild. */
  touched?: TouchedReviews | readonly number[] | 'all';
  /** Stored as computed_at. */
  now?: Date;
  logger?: Logger;
  /** With more touched reviews than this a full rebuild is done instead (it is cheaper by then). */
  fullRebuildAbove?: number;
}

export interface RefreshRollupsReport {
  mode: 'full' | 'incremental';
  cells: number;
  rowsWritten: number;
  derivedUpdated: number;
  ms: number;
  /** Incremental refreshes: where the time went (facts re-counted, cells re-summed, derivation, writes). */
  phases?: Record<string, number>;
}

class Phases {
  private last = performance.now();
  private readonly out: Record<string, number> = {};
  lap(name: string): void {
    const t = performance.now();
    this.out[name] = Math.round(t - this.last);
    this.last = t;
  }
  done(): Record<string, number> {
    return this.out;
  }
}

/** Arbitrary constant for pg_advisory_xact_lock: "repwatch rollups". */
const ROLLUP_LOCK_ID = 727_002;
const EMPTY: RollupDerived = { shrunkRating: null, shrunkLow: null, shrunkHigh: null, reputationIndex: null, indexVersion: null };

export async function refreshRollups(db: Db, options: RefreshRollupsOptions): Promise<RefreshRollupsReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const derive: DeriveOptions = {
    priorStrength: options.settings.scoring.priorStrength,
    formula: resolveFormula(options.settings.scoring.reputationIndex),
  };
  const touched = options.touched ?? 'all';
  const reviewIds = touched === 'all' ? null : touched instanceof TouchedReviews ? touched.reviewIds : [...new Set(touched)];
  const report = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK_ID})`.execute(trx);
    // JIT compilation costs seconds per statement here and buys nothing at these sizes; sorts should stay in memory.
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    const full =
      reviewIds === null || reviewIds.length > (options.fullRebuildAbove ?? 200_000) || (reviewIds.length > 0 && !(await factsBuilt(trx)));
    const hierarchy = await loadHierarchy(trx);
    if (full) return fullRebuild(trx, hierarchy, derive, now);
    return incremental(trx, reviewIds, hierarchy, derive, now);
  });
  const result = { ...report, ms: Math.round(performance.now() - started) };
  options.logger?.info({ ...result }, 'rollups refreshed');
  return result;
}

const isCompany = (r: DerivationInput) => r.entityKind === 'company';
const periodOf = (r: { periodKind: string; periodStart: string }) => `${r.periodKind}|${r.periodStart}`;

/** Derived values of the location and person rows, period by period. */
function deriveByPeriod(rows: readonly DerivationInput[], companyRows: readonly DerivationInput[], hierarchy: Hierarchy, opts: DeriveOptions) {
  const companiesByPeriod = groupBy(companyRows, periodOf);
  const out = new Map<string, RollupDerived>();
  for (const [period, group] of groupBy(rows, periodOf)) {
    for (const [k, v] of derivePeriodRows(group, companiesByPeriod.get(period) ?? [], hierarchy, opts)) out.set(k, v);
  }
  return out;
}

/** Year-sized slices [from, to) of period starts of one kind covering every review instant. */
function slices(kind: PeriodKind, range: { min: Date; max: Date }): [string, string][] {
  const first = kind === 'week' ? weekStart(range.min) : kind === 'quarter' ? quarterStart(range.min) : monthStart(range.min);
  // r90 windows reach 90 days past the last review; other kinds end with the period holding it.
  const lastInstant = kind === 'r90' ? new Date(range.max.getTime() + R90_DAYS * 86_400_000) : range.max;
  const out: [string, string][] = [];
  for (let from = first; from <= lastInstant; ) {
    const to = kind === 'week' ? new Date(from.getTime() + 52 * 7 * 86_400_000) : addMonths(from, 12);
    out.push([isoDate(from), isoDate(to)]);
    from = to;
  }
  return out;
}

/**
 * Whether the facts hold the reviews (false on a database whose rollups predate
 * them): differences against missing facts would be wrong, so then only a full rebuild is.
 */
async function factsBuilt(trx: Transaction<Database>): Promise<boolean> {
  const { rows } = await sql<{ facts: boolean; reviews: boolean }>`
    select exists (select 1 from rollup_facts) as facts, exists (select 1 from reviews) as reviews
  `.execute(trx);
  return rows[0]!.facts || !rows[0]!.reviews;
}

async function fullRebuild(trx: Transaction<Database>, hierarchy: Hierarchy, opts: DeriveOptions, now: Date) {
  await deleteAllRollups(trx);
  await rebuildFacts(trx);
  const range = await reviewInstantRange(trx);
  let rowsWritten = 0;
  let cells = 0;
  let derivedUpdated = 0;
  if (range) {
    for (const kind of PERIOD_KINDS) {
      for (const [from, to] of slices(kind, range)) {
        const written = await insertAggregatedCells(trx, { periodKind: kind, from, to }, now);
        rowsWritten += written.rows;
        cells += written.cells;
        if (written.rows === 0) continue;
        const rows = await loadRollups(trx, { periodKind: kind, from, to });
        // Company rows are derived at the end, once every period of them is known.
        const derived = deriveByPeriod(rows.filter((r) => !isCompany(r)), rows.filter(isCompany), hierarchy, opts);
        derivedUpdated += await writeDerived(trx, rows.filter((r) => !isCompany(r)), derived, now);
      }
    }
  }
  const companyRows = await loadRollups(trx, { companies: true });
  derivedUpdated += await writeDerived(trx, companyRows, deriveCompanyRows(companyRows, opts), now);
  return { mode: 'full' as const, cells, rowsWritten, derivedUpdated };
}

/** Stores the derived values of the rows whose shrinkage or index moved (new rows have none yet); returns how many. */
async function writeDerived(trx: Transaction<Database>, rows: readonly StoredRollup[], derived: ReadonlyMap<string, RollupDerived>, now: Date) {
  const updates: DerivedWrite[] = [];
  for (const r of rows) {
    const d = derived.get(rowKey(r)) ?? EMPTY;
    if (derivedChanged(r, d)) updates.push([r, d]);
  }
  await updateDerived(trx, updates, now);
  return updates.length;
}

async function incremental(trx: Transaction<Database>, reviewIds: number[], hierarchy: Hierarchy, opts: DeriveOptions, now: Date) {
  const phases = new Phases();
  const facts = await refreshFacts(trx, reviewIds);
  const cells = cellsOfEntityDays(facts.changed);
  phases.lap('factsMs');
  // The cells' new rows are summed into a scratch table: their derived columns are known only once the rows
  // are read back, and they then go into rollups complete, over the old rows (insertFreshRows).
  await createFreshTable(trx);
  const plan = planCells(cells);
  const dayHours = await loadDayHours(trx, cells);
  phases.lap('hoursMs');
  const segmentThemes = await loadSegmentThemes(trx, plan);
  phases.lap('themesMs');
  // Medians and themes are computed in Node while PostgreSQL sums the rest (two cores, two halves of the work):
  // the statement is sent first (setImmediate lets the driver write it), then Node computes, then waits for it.
  const summing = insertAggregatedCells(trx, { plan }, now, FRESH_TABLE);
  // Handled here too, so a failure of the Node step cannot leave it unhandled; `await summing` still throws.
  summing.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  const medians = cellMedians(dayHours, cells);
  const themes = cellThemes(segmentThemes, plan);
  const written = await summing;
  phases.lap('sumMs');
  const periods = [...new Map(cells.map((c) => [periodOf(c), { periodKind: c.periodKind, periodStart: c.periodStart }])).values()];
  const fresh = await loadRollups(trx, { all: true }, FRESH_TABLE);
  for (const r of fresh) r.responseHoursMedian = medians.get(rowKey(r)) ?? null;
  // The stored rows of the touched cells are about to be replaced (or deleted): derivation sees the fresh ones.
  const touchedCells = new Set(cells.map(cellKey));
  const current = (r: StoredRollup) => !touchedCells.has(cellKey(r));
  const storedCompanies = (await loadRollups(trx, { companies: true, exceptFresh: true })).filter(current);
  const storedPeriodRows = (await loadRollups(trx, { periods, exceptFresh: true })).filter(current);
  const companies = [...storedCompanies, ...fresh.filter(isCompany)];
  const periodRows = [...storedPeriodRows, ...fresh.filter((r) => !isCompany(r))];
  phases.lap('loadMs');
  const derived = deriveCompanyRows(companies, opts);
  const periodSet = new Set(periods.map(periodOf));
  const periodDerived = deriveByPeriod(
    periodRows,
    companies.filter((r) => periodSet.has(periodOf(r))),
    hierarchy,
    opts,
  );
  for (const [k, v] of periodDerived) derived.set(k, v);
  phases.lap('deriveMs');
  let derivedUpdated = await writeDerived(trx, [...storedCompanies, ...storedPeriodRows], derived, now);
  const freshRows = fresh.map((r): FreshWrite => {
    const key = rowKey(r);
    const { entityKind, entityId, periodKind, periodStart, sourceKey, responseHoursMedian } = r;
    return [{ entityKind, entityId, periodKind, periodStart, sourceKey, responseHoursMedian, themes: themes.get(key) ?? {} }, derived.get(key) ?? EMPTY];
  });
  // A source row of a cell vanishes only with its last day row: new reviews alone never delete anything.
  await deleteVanishedRows(trx, cellsOfEntityDays(facts.emptied));
  await insertFreshRows(trx, freshRows, now);
  derivedUpdated += freshRows.filter(([, d]) => derivedChanged(EMPTY, d)).length;
  phases.lap('writeMs');
  return { mode: 'incremental' as const, cells: cells.length, rowsWritten: written.rows, derivedUpdated, phases: phases.done() };
}
