import type { RankingsBody, ReviewListBody, ThemesBody, TrendsBody } from '../api-types';
import { focusPeriod, hrefWith, rangeQuery } from '../filters';
import { int, num, pct, period, periodShort } from '../format';
import { exportHref, type PageDeps } from '../page-deps';
import { ALL, entitySeries, PALETTE, sourcesOf, totals, values } from '../series';
import { Chart, CsvLink, Section, Stat } from './components';
import { FilterForm, Layout, type View } from './layout';
import { LeagueTable } from './overview';
import { ReviewTable, ThemeTable } from './reviews';

/**
 * One location, for its manager and for marketing: rating (raw and shrunk,
 * with its interval), volume by source, sentiment and response rate over
 * time; what reviews talk about; the negative reviews still waiting for an
 * answer; and its salespeople, ranked fairly.
 */
export async function renderLocation(deps: PageDeps, view: View, id: number) {
  const { api, settings } = deps;
  const p = view.principal;
  const f = view.filters;
  const entity = `location:${id}`;
  const trendsQ = { entity, ...rangeQuery(f), split: 'source', metrics: 'volume,rating,shrunk,sentiment,response_rate' };
  // The trends call goes first: it carries the access check, so a location outside the key's scope is one 403, not four.
  const trends = await api.get<TrendsBody>(p, 'trends', trendsQ);
  const themesQ = { entity, granularity: f.granularity, period_start: focusPeriod(f), examples: 2 };
  const needingQ = { entity, responded: false, removed: false, stars_max: settings.alerts.lowStarThreshold, from: f.from, to: f.to, source: f.source, limit: 25 };
  const rankQ = { level: 'person', within: entity, granularity: f.granularity, period_start: focusPeriod(f) };
  const [themes, needing, people] = await Promise.all([
    api.get<ThemesBody>(p, 'themes', themesQ),
    api.get<ReviewListBody>(p, 'reviews', needingQ),
    api.get<RankingsBody>(p, 'rankings', rankQ),
  ]);

  const sources = sourcesOf(trends);
  const main = entitySeries(trends, f.source ?? ALL) ?? entitySeries(trends)!;
  const pts = main.points;
  const x = pts.map((q) => q.period_start);
  const xLabels = x.map((s) => periodShort(s, f.granularity));
  const sourceLabel = f.source ? `${f.source} reviews only` : 'all sources';
  const csv = exportHref('trends', trendsQ);
  const t = totals(pts);

  const ratingChart = {
    kind: 'time' as const,
    x,
    series: [
      { label: '95 % interval (high)', values: values(pts, 'shrunk_high'), color: PALETTE[2]!, scale: 'stars', bandEdge: true },
      { label: '95 % interval (low)', values: values(pts, 'shrunk_low'), color: PALETTE[2]!, scale: 'stars', bandEdge: true },
      { label: 'Shrunk rating', values: values(pts, 'shrunk_rating'), color: PALETTE[2]!, scale: 'stars' },
      { label: 'Raw average', values: values(pts, 'rating_avg'), color: PALETTE[0]!, scale: 'stars', dash: [4, 3] },
    ],
    bands: [{ upper: 0, lower: 1, color: 'rgba(29,122,58,0.15)' }],
    scales: { stars: { min: 1, max: 5, label: 'Stars', side: 'left' as const } },
  };
  const volumeChart = {
    kind: 'time' as const,
    x,
    series: [
      { label: 'All sources', values: values(entitySeries(trends)!.points, 'review_count'), color: '#9db7d5', bars: true, digits: 0 },
      ...sources.map((s, i) => ({ label: s, values: values(entitySeries(trends, s)!.points, 'review_count'), color: PALETTE[(i + 1) % PALETTE.length]!, digits: 0 })),
    ],
    scales: { y: { min: 0, label: 'Reviews', side: 'left' as const } },
  };
  const moodChart = {
    kind: 'time' as const,
    x,
    series: [
      { label: 'Sentiment (−1 to 1)', values: values(pts, 'sentiment_avg'), color: PALETTE[3]!, scale: 'sentiment' },
      { label: 'Answered (%)', values: values(pts, 'response_rate').map((v) => (v === null ? null : v * 100)), color: PALETTE[5]!, scale: 'pct', dash: [6, 4], digits: 0 },
    ],
    scales: { sentiment: { min: -1, max: 1, label: 'Sentiment', side: 'left' as const }, pct: { min: 0, max: 100, label: 'Answered %', side: 'right' as const } },
  };

  return (
    <Layout view={view} title={trends.entity.name} filterForm={<FilterForm view={view} sources={sources} />}>
      <dl class="stats">
        <Stat label="Reviews in range" value={int(t.reviews)} detail={sourceLabel} />
        <Stat label="Average rating" value={num(t.rating)} detail={`${int(t.rated)} rated reviews`} />
        <Stat label="Answered by us" value={pct(t.responseRate)} detail={`${int(t.responded)} answers`} />
        <Stat label="Waiting for an answer" value={int(needing.items.length) + (needing.next_cursor ? '+' : '')} detail={`negative (${settings.alerts.lowStarThreshold} ★ or less)`} tone={needing.items.length ? 'bad' : 'good'} />
      </dl>

      <div class="grid-2">
        <Chart id="chart-rating" title="Rating" summary={`Shrunk rating with its 95 % interval (shaded) and the raw average, ${pts.length} periods, ${sourceLabel}.`} spec={ratingChart} xLabels={xLabels} csv={csv} />
        <Chart id="chart-volume" title="Reviews by source" summary={`Bars: all sources; lines: ${sources.join(', ') || 'no source'}.`} spec={volumeChart} xLabels={xLabels} csv={csv} />
      </div>
      <Chart id="chart-mood" title="Sentiment and response rate" summary={`Mean text sentiment (left axis) and the share of reviews we answered (right axis), ${sourceLabel}.`} spec={moodChart} xLabels={xLabels} csv={csv} />

      <Section id="needing" title="Reviews waiting for an answer" intro={`Negative reviews (${settings.alerts.lowStarThreshold} ★ or less) still online with no response from us, newest first.`} actions={<CsvLink href={exportHref('reviews', needingQ)} />}>
        <ReviewTable reviews={needing.items} caption="Negative reviews without a response" empty="Every negative review has an answer." id="needing-list" />
      </Section>

      <Section id="themes" title={`What reviews talk about, ${period(themes.period.start, f.granularity)}`} intro={`${int(themes.review_count)} reviews in the period; quotes are the strongest opinions.`} actions={<CsvLink href={exportHref('themes', themesQ)} />}>
        <ThemeTable themes={themes} caption="Themes in reviews" />
      </Section>

      <Section id="people" title={`Salespeople, ${period(people.period.start, f.granularity)}`} intro={`Ranked by shrunk rating: each person's average is pulled toward the location's in proportion to how few reviews they have. Fewer than ${people.min_reviews} rated reviews is not enough to rank.`} actions={<CsvLink href={exportHref('rankings', rankQ)} />}>
        <LeagueTable league={people} linkFor={(pid) => hrefWith(`/people/${pid}`, f)} label="Salesperson" />
      </Section>
    </Layout>
  );
}
