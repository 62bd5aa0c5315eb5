import { periodOf, shiftPeriod } from '../../api/periods';
import type { AttentionBody, ImprovedBody, RankingsBody, RepVsCxBody, TrendsBody } from '../api-types';
import { focusPeriod, hrefWith, rangeQuery } from '../filters';
import { day, int, num, pct, period, periodShort, signed } from '../format';
import { exportHref, type PageDeps } from '../page-deps';
import { ALL, delta, entitySeries, lastTwo, PALETTE, sourcesOf, totals, values } from '../series';
import { Chart, CsvLink, Empty, IntervalBar, Section, Stat } from './components';
import { FilterForm, Layout, type View } from './layout';

/**
 * Company overview, for marketing and leadership: the Reputation Index and
 * star rating next to internal NPS, where reviews come from, what changed in
 * the latest month, which locations need attention and which improved most.
 */
const TREND_METRICS = 'volume,rating,shrunk,reputation_index,response_rate';

export async function renderOverview(deps: PageDeps, view: View) {
  const { api } = deps;
  const p = view.principal;
  const f = view.filters;
  const trendsQ = { ...rangeQuery(f), split: 'source', metrics: TREND_METRICS };
  const [trends, monthly] = await Promise.all([
    api.get<TrendsBody>(p, 'trends', trendsQ),
    // "What changed" is always month on month, whatever the chart's period.
    api.get<TrendsBody>(p, 'trends', { granularity: 'month', to: f.to, from: shiftPeriod('month', periodOf('month', f.to ? new Date(`${f.to}T00:00:00Z`) : new Date()), -12) }),
  ]);
  const { current, previous } = lastTwo(entitySeries(monthly)?.points ?? []);
  const month = current?.period_start;
  const cxGranularity = f.granularity === 'r90' ? null : f.granularity;
  const [cx, attention, improved, league] = await Promise.all([
    cxGranularity ? api.tryGet<RepVsCxBody>(p, 'reputation-vs-cx', { ...rangeQuery(f), granularity: cxGranularity, reputation: 'reputation_index', max_lag: 0 }) : null,
    api.get<AttentionBody>(p, 'rankings/attention', { level: 'location', granularity: 'month', period_start: month }),
    api.get<ImprovedBody>(p, 'rankings/improved', { level: 'location', span: 'month', period_start: month, limit: 5 }),
    api.get<RankingsBody>(p, 'rankings', { level: 'location', granularity: f.granularity, period_start: focusPeriod(f) }),
  ]);

  const sources = sourcesOf(trends);
  const main = entitySeries(trends, f.source ?? ALL) ?? entitySeries(trends)!;
  const pts = main.points;
  const x = pts.map((q) => q.period_start);
  const xLabels = x.map((s) => periodShort(s, f.granularity));
  const cxBy = new Map((cx?.series ?? []).map((s) => [s.period_start, s.cx]));
  const sourceLabel = f.source ? `${f.source} reviews` : 'all sources';

  const indexChart = {
    kind: 'time' as const,
    x,
    series: [
      { label: 'Reputation Index', values: values(pts, 'reputation_index'), color: PALETTE[0]!, scale: 'index', digits: 1 },
      ...(cx ? [{ label: `Internal ${cx.metric}`, values: x.map((s) => cxBy.get(s) ?? null), color: PALETTE[1]!, scale: 'cx', dash: [6, 4], digits: 0 }] : []),
    ],
    scales: { index: { min: 0, max: 100, label: 'Reputation Index', side: 'left' as const }, ...(cx ? { cx: { min: -100, max: 100, label: cx.metric, side: 'right' as const } } : {}) },
  };
  const ratingChart = {
    kind: 'time' as const,
    x,
    series: [
      { label: 'Average rating', values: values(pts, 'rating_avg'), color: PALETTE[0]!, scale: 'stars' },
      { label: 'Shrunk rating', values: values(pts, 'shrunk_rating'), color: PALETTE[2]!, scale: 'stars', dash: [4, 3] },
    ],
    scales: { stars: { min: 1, max: 5, label: 'Stars', side: 'left' as const } },
  };
  const bySource = sources.map((s, i) => ({ source: s, color: PALETTE[(i + 1) % PALETTE.length]!, points: entitySeries(trends, s)!.points }));
  const volumeChart = {
    kind: 'time' as const,
    x,
    series: [
      { label: 'All sources', values: values(entitySeries(trends)!.points, 'review_count'), color: '#9db7d5', bars: true, digits: 0 },
      ...bySource.map((s) => ({ label: s.source, values: values(s.points, 'review_count'), color: s.color, digits: 0 })),
    ],
    scales: { y: { min: 0, label: 'Reviews', side: 'left' as const } },
  };
  const all = totals(entitySeries(trends)!.points);
  const csvTrends = exportHref('trends', trendsQ);

  return (
    <Layout view={view} title="Company overview" heading={`${trends.entity.name}: overview`} filterForm={<FilterForm view={view} sources={sources} />}>
      <Section id="changed" title={month ? `What changed in ${period(month, 'month')}` : 'What changed this month'}>
        {current ? (
          <dl class="stats">
            <Stat label="New reviews" value={int(current.review_count)} detail={previous ? `${int(previous.review_count)} the month before` : undefined} />
            <Stat
              label="Average rating"
              value={num(current.rating_avg)}
              detail={`${signed(delta(current.rating_avg, previous?.rating_avg))} vs the month before`}
              tone={tone(delta(current.rating_avg, previous?.rating_avg))}
            />
            <Stat
              label="Reputation Index"
              value={num(current.reputation_index, 1)}
              detail={`${signed(delta(current.reputation_index, previous?.reputation_index), 1)} vs the month before`}
              tone={tone(delta(current.reputation_index, previous?.reputation_index))}
            />
            <Stat label="Answered by us" value={pct(current.response_rate)} detail={`${int(current.responded_count)} of ${int(current.review_count)} reviews`} />
          </dl>
        ) : (
          <Empty>No reviews in the twelve months up to {day(f.to ?? new Date().toISOString().slice(0, 10))}.</Empty>
        )}
      </Section>

      <div class="grid-2">
        <Chart
          id="chart-index"
          title={cx ? `Reputation Index and internal ${cx.metric}` : 'Reputation Index'}
          summary={`${pts.length} ${f.granularity} periods, ${sourceLabel}. ${cx ? `Internal ${cx.metric} on the right-hand axis.` : f.granularity === 'r90' ? 'Internal CX is reported per week, month or quarter, so it is not shown for rolling windows.' : ''}`}
          spec={indexChart}
          xLabels={xLabels}
          csv={cx ? exportHref('reputation-vs-cx', { ...rangeQuery(f), granularity: cxGranularity, reputation: 'reputation_index' }) : csvTrends}
        />
        <Chart id="chart-rating" title="Star rating" summary={`Average and shrunk rating per ${f.granularity === 'r90' ? 'rolling window' : f.granularity}, ${sourceLabel}.`} spec={ratingChart} xLabels={xLabels} csv={csvTrends} />
      </div>

      <Section id="sources" title="Where reviews come from" actions={<CsvLink href={csvTrends} />}>
        <div class="grid-2">
          <div class="table-wrap">
            <table>
              <caption>Reviews by source, {period(trends.from, f.granularity)} to {period(trends.to, f.granularity)}</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col" class="num">Reviews</th>
                  <th scope="col" class="num">Share</th>
                  <th scope="col" class="num">Average rating</th>
                  <th scope="col" class="num">Answered</th>
                </tr>
              </thead>
              <tbody>
                {bySource.map((s) => {
                  const t = totals(s.points);
                  return (
                    <tr>
                      <th scope="row">{s.source}</th>
                      <td class="num">{int(t.reviews)}</td>
                      <td class="num">{pct(all.reviews ? t.reviews / all.reviews : null)}</td>
                      <td class="num">{num(t.rating)}</td>
                      <td class="num">{pct(t.responseRate)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All sources</th>
                  <td class="num">{int(all.reviews)}</td>
                  <td class="num">100 %</td>
                  <td class="num">{num(all.rating)}</td>
                  <td class="num">{pct(all.responseRate)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <Chart id="chart-volume" title="Reviews per period" summary={`Bars: all sources; lines: each source (${sources.join(', ') || 'none'}).`} spec={volumeChart} xLabels={xLabels} csv={csvTrends} />
        </div>
      </Section>

      <div class="grid-2">
        <Section id="attention" title="Needs attention" intro={`Locations with a falling rating, unanswered negative reviews or a theme turning negative in ${period(attention.period.start, 'month')}.`} actions={<CsvLink href={exportHref('rankings/attention', { level: 'location', granularity: 'month', period_start: attention.period.start })} />}>
          {attention.items.length ? (
            <ul class="cards">
              {attention.items.map((it) => (
                <li>
                  <a href={hrefWith(`/locations/${it.entity.id}`, f)}>{it.entity.name}</a>
                  <ul class="reasons">
                    {it.reasons.map((r) => (
                      <li class={`reason reason-${r.kind}`}>{r.detail}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>Nothing needs attention in {period(attention.period.start, 'month')}.</Empty>
          )}
        </Section>
        <Section id="improved" title="Most improved" intro={`Shrunk rating, ${period(improved.period.start, 'month')} against ${period(improved.previous_period.start, 'month')}; both months need ${improved.min_reviews} rated reviews.`} actions={<CsvLink href={exportHref('rankings/improved', { level: 'location', span: 'month', period_start: improved.period.start })} />}>
          {improved.items.filter((i) => i.delta > 0).length ? (
            <ol class="cards">
              {improved.items.filter((i) => i.delta > 0).map((i) => (
                <li>
                  <a href={hrefWith(`/locations/${i.entity.id}`, f)}>{i.entity.name}</a>: {num(i.previous.value)} → {num(i.current.value)} (
                  <strong>{signed(i.delta)}</strong>
                  {i.delta_low !== null ? `, 95 % interval ${signed(i.delta_low)} to ${signed(i.delta_high)}` : ''})
                </li>
              ))}
            </ol>
          ) : (
            <Empty>No location improved month on month with enough reviews to tell.</Empty>
          )}
        </Section>
      </div>

      <Section id="locations" title={`Locations, ${period(league.period.start, f.granularity)}`} intro={`Ranked by shrunk rating; fewer than ${league.min_reviews} rated reviews is not enough to rank.`} actions={<CsvLink href={exportHref('rankings', { level: 'location', granularity: f.granularity, period_start: league.period.start })} />}>
        <LeagueTable league={league} linkFor={(id) => hrefWith(`/locations/${id}`, f)} label="Location" />
      </Section>
    </Layout>
  );
}

const tone = (d: number | null) => (d === null || Math.abs(d) < 1e-9 ? undefined : d > 0 ? 'good' : 'bad');

/** A fair league table: shrunk rating with its interval, raw average and n; the too-few listed apart, unranked. */
export function LeagueTable(props: { league: RankingsBody; linkFor: (id: number) => string; label: string }) {
  const { league } = props;
  return (
    <>
      {league.ranked.length ? (
        <div class="table-wrap">
          <table class="league">
            <caption class="visually-hidden">{props.label}s ranked by shrunk rating</caption>
            <thead>
              <tr>
                <th scope="col" class="num">Rank</th>
                <th scope="col">{props.label}</th>
                <th scope="col" class="num">Shrunk rating</th>
                <th scope="col">95 % interval</th>
                <th scope="col" class="num">Raw average</th>
                <th scope="col" class="num">Rated reviews (n)</th>
              </tr>
            </thead>
            <tbody>
              {league.ranked.map((r) => (
                <tr>
                  <td class="num">{r.rank}</td>
                  <th scope="row">
                    <a href={props.linkFor(r.entity.id)}>{r.entity.name}</a>
                  </th>
                  <td class="num">{num(r.value)}</td>
                  <td>
                    <IntervalBar value={r.value} low={r.low} high={r.high} raw={r.rating_avg} />
                    <span class="interval-text">
                      {num(r.low)}–{num(r.high)}
                    </span>
                  </td>
                  <td class="num">{num(r.rating_avg)}</td>
                  <td class="num">{int(r.rated_count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>No one has enough reviews in this period to rank.</Empty>
      )}
      {league.not_enough_reviews.length ? (
        <div class="not-enough">
          <h3>Not enough reviews to rank (fewer than {league.min_reviews})</h3>
          <ul>
            {league.not_enough_reviews.map((r) => (
              <li>
                <a href={props.linkFor(r.entity.id)}>{r.entity.name}</a>: not enough reviews ({int(r.rated_count)} rated)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
