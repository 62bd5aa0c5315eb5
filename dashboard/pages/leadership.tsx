import type { GapItemBody, RepVsCxBody } from '../api-types';
import { hrefWith, type Filters } from '../filters';
import { int, num, period, periodShort, signed } from '../format';
import { exportHref, type PageDeps } from '../page-deps';
import { PALETTE } from '../series';
import { Chart, CsvLink, Empty, Section, Stat } from './components';
import { Field, FilterForm, Layout, type View } from './layout';

/**
 * Leadership's question: does public reputation follow internal CX, and
 * where do the two disagree? The API gives the aligned series, Pearson and
 * Spearman with n and a 95 % interval, the lag at which they agree best, and
 * the children's gaps in both directions; this page draws them.
 */
const GRAINS: readonly Filters['granularity'][] = ['week', 'month', 'quarter'];

export async function renderLeadership(deps: PageDeps, view: View) {
  const { api } = deps;
  const p = view.principal;
  const f = view.filters;
  // Managers have no company-wide view: they compare the people of their first location.
  const entity = f.entity ?? (p.role === 'manager' && view.nav.locations[0] ? `location:${view.nav.locations[0].id}` : undefined);
  const granularity = f.granularity === 'r90' ? 'month' : f.granularity;
  const q = { entity, granularity, from: f.from, to: f.to, reputation: 'shrunk_rating', metric: 'NPS', max_lag: 3 };
  const r = await api.get<RepVsCxBody>(p, 'reputation-vs-cx', q);

  const childWord = r.children.kind === 'person' ? 'salespeople' : 'locations';
  const kept = [...r.children.reputation_ahead, ...r.children.cx_ahead].sort((a, b) => a.cx - b.cx);
  const scatter = {
    kind: 'xy' as const,
    x: kept.map((k) => k.cx),
    xLabel: `Internal ${r.metric}`,
    series: [{ label: 'Shrunk rating', values: kept.map((k) => k.reputation), color: PALETTE[0]!, pointsOnly: true, scale: 'stars' }],
    scales: { stars: { label: 'Shrunk rating (public)', side: 'left' as const } },
    pointLabels: kept.map((k) => k.entity.name),
  };
  const x = r.series.map((s) => s.period_start);
  const aligned = {
    kind: 'time' as const,
    x,
    series: [
      { label: 'Shrunk rating (public)', values: r.series.map((s) => s.reputation), color: PALETTE[0]!, scale: 'stars' },
      { label: `Internal ${r.metric}`, values: r.series.map((s) => s.cx), color: PALETTE[1]!, scale: 'cx', dash: [6, 4], digits: 0 },
    ],
    scales: { stars: { min: 1, max: 5, label: 'Stars', side: 'left' as const }, cx: { min: -100, max: 100, label: r.metric, side: 'right' as const } },
  };
  const pe = r.correlation.pearson;
  const sp = r.correlation.spearman;
  const lagText =
    r.lag.best_lag === null
      ? 'Not enough overlapping periods to tell which moves first.'
      : r.lag.best_lag === 0
        ? `They move together (best agreement with no lag, r = ${num(r.lag.r)}, n = ${r.lag.n}).`
        : `${r.lag.best_lag > 0 ? 'Public reputation' : `Internal ${r.metric}`} moves first, by ${Math.abs(r.lag.best_lag)} ${granularity}${Math.abs(r.lag.best_lag) > 1 ? 's' : ''} (r = ${num(r.lag.r)}, n = ${r.lag.n}).`;
  const csv = exportHref('reputation-vs-cx', q);
  const entityChoice = (
    <Field id="f-entity" label="Compare">
      <select id="f-entity" name="entity">
        {p.role !== 'manager' ? (
          <option value="" selected={!entity}>
            Locations of the company
          </option>
        ) : null}
        {view.nav.locations.map((l) => (
          <option value={`location:${l.id}`} selected={entity === `location:${l.id}`}>
            Salespeople of {l.name}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <Layout view={view} title="Reputation vs internal CX" heading={`Public reputation vs internal ${r.metric}: ${r.entity.name}`} filterForm={<FilterForm view={view} granularities={GRAINS} extra={entityChoice} />}>
      <dl class="stats">
        <Stat label="Correlation (Pearson r)" value={num(pe.r)} detail={`n = ${pe.n} periods${pe.ci_low !== null ? `, 95 % interval ${num(pe.ci_low)} to ${num(pe.ci_high)}` : ''}`} />
        <Stat label="Rank correlation (Spearman)" value={num(sp.r)} detail={sp.p !== null ? `p = ${sp.p.toPrecision(2)}` : 'too few periods'} />
        <Stat label="Which moves first" value={r.lag.best_lag === null ? '–' : r.lag.best_lag === 0 ? 'together' : r.lag.leader === 'reputation' ? 'reputation' : r.metric} detail={lagText} />
        {r.volume_per_transaction ? (
          <Stat label="Reviews per 1,000 sales" value={num(r.volume_per_transaction.reviews_per_1000_transactions, 1)} detail={`${int(r.volume_per_transaction.reviews)} reviews, ${int(r.volume_per_transaction.transactions)} transactions`} />
        ) : null}
      </dl>
      <p class="intro">
        {pe.r === null
          ? 'Too few periods with both measures for a correlation.'
          : `Over ${pe.n} ${granularity}s, public rating and ${r.metric} ${Math.abs(pe.r) < 0.3 ? 'hardly move together' : pe.r > 0 ? 'rise and fall together' : 'move in opposite directions'} (r = ${num(pe.r)}). ${lagText}`}
      </p>

      <div class="grid-2">
        <Chart
          id="chart-scatter"
          title={`${childWord[0]!.toUpperCase()}${childWord.slice(1)}: public rating against ${r.metric}`}
          summary={`${kept.length} ${childWord}, each at its mean ${r.metric} (across) and mean shrunk rating (up) over the periods where both exist.`}
          spec={scatter}
          xLabels={kept.map((k) => `${k.entity.name} (${r.metric} ${num(k.cx, 0)})`)}
          csv={csv}
        />
        <Chart id="chart-aligned" title={`${r.entity.name} over time`} summary={`Shrunk rating (left axis) and ${r.metric} (right axis), ${x.length} ${granularity}s.`} spec={aligned} xLabels={x.map((s) => periodShort(s, granularity))} csv={csv} />
      </div>

      <div class="grid-2">
        <Section id="rep-ahead" title="Public reputation ahead of CX" intro={`Look better in public than customers tell us: check whether reviews are representative (review requests, a few loud fans).`} actions={<CsvLink href={csv} />}>
          <GapTable items={r.children.reputation_ahead} metric={r.metric} kind={r.children.kind} f={f} />
        </Section>
        <Section id="cx-ahead" title="CX ahead of public reputation" intro="Customers rate them better internally than the public sees: often a case for asking happy customers for a review.">
          <GapTable items={r.children.cx_ahead} metric={r.metric} kind={r.children.kind} f={f} />
        </Section>
      </div>
      {r.children.excluded.length ? (
        <p class="muted">
          Left out (a measure missing): {r.children.excluded.map((e) => `${e.entity.name} (no ${e.missing === 'cx' ? r.metric : e.missing === 'reputation' ? 'reviews' : 'period with both'})`).join('; ')}.
        </p>
      ) : null}
      <details class="more">
        <summary>Correlation at each lag</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Cross-correlation by lag</caption>
            <thead>
              <tr>
                <th scope="col">Lag ({granularity}s; positive = reputation first)</th>
                <th scope="col" class="num">r</th>
                <th scope="col" class="num">n</th>
              </tr>
            </thead>
            <tbody>
              {r.lag.table.map((l) => (
                <tr>
                  <th scope="row">{signed(l.lag, 0)}</th>
                  <td class="num">{num(l.r)}</td>
                  <td class="num">{l.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p class="muted">
        Range: {period(r.from, granularity)} to {period(r.to, granularity)}.
      </p>
    </Layout>
  );
}

function GapTable(props: { items: GapItemBody[]; metric: string; kind: string | null; f: Filters }) {
  if (!props.items.length) return <Empty>None.</Empty>;
  const link = (id: number) => hrefWith(props.kind === 'person' ? `/people/${id}` : `/locations/${id}`, props.f);
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">Shrunk rating</th>
            <th scope="col" class="num">{props.metric}</th>
            <th scope="col" class="num">Gap (z)</th>
            <th scope="col" class="num">Periods</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((g) => (
            <tr>
              <th scope="row">
                <a href={link(g.entity.id)}>{g.entity.name}</a>
              </th>
              <td class="num">{num(g.reputation)}</td>
              <td class="num">{num(g.cx, 0)}</td>
              <td class="num">{signed(g.gap)}</td>
              <td class="num">{g.periods}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
