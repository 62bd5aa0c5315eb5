import type { PersonBody, ReviewListBody, ThemesBody, TrendsBody } from '../api-types';
import { focusPeriod, hrefWith, rangeQuery } from '../filters';
import { int, num, period, periodShort, stars } from '../format';
import { exportHref, type PageDeps } from '../page-deps';
import { ALL, entitySeries, PALETTE, sourcesOf, totals, values } from '../series';
import { Chart, CsvLink, Empty, IntervalBar, Section, Stat } from './components';
import { FilterForm, Layout, type View } from './layout';
import { ReviewTable, ThemeTable } from './reviews';

/**
 * One salesperson, written as a coaching conversation rather than a verdict:
 * their shrunk rating with its interval over time (wide when there are few
 * reviews, which is the honest picture), what customers appreciate and where
 * they see room to grow, and every review that counts for them with the
 * reason it was attributed. No rank is shown here.
 */
type Theme = ThemesBody['themes'][number];

export async function renderPerson(deps: PageDeps, view: View, id: number) {
  const { api, settings } = deps;
  const p = view.principal;
  const f = view.filters;
  const entity = `person:${id}`;
  // The person lookup carries the access check: outside the key's scope it is one 403.
  const person = await api.get<PersonBody>(p, `people/${id}`);
  const trendsQ = { entity, ...rangeQuery(f), split: 'source', metrics: 'volume,rating,shrunk,sentiment' };
  const reviewsQ = { entity, from: f.from, to: f.to, source: f.source, limit: 50 };
  // Coaching looks at a rolling 90 days: one month is too few reviews for one person to say much.
  const themesQ = { entity, granularity: 'r90', period_start: focusPeriod(f, 'r90'), examples: 2 };
  const [trends, reviews, themes] = await Promise.all([
    api.get<TrendsBody>(p, 'trends', trendsQ),
    api.get<ReviewListBody>(p, 'reviews', reviewsQ),
    api.get<ThemesBody>(p, 'themes', themesQ),
  ]);

  const sources = sourcesOf(trends);
  const pts = (entitySeries(trends, f.source ?? ALL) ?? entitySeries(trends)!).points;
  const x = pts.map((q) => q.period_start);
  const xLabels = x.map((s) => periodShort(s, f.granularity));
  const t = totals(pts);
  const latest = [...pts].reverse().find((q) => q.shrunk_rating != null) ?? null;
  const min = settings.scoring.minReviewsForRank;

  const chart = {
    kind: 'time' as const,
    x,
    series: [
      { label: '95 % interval (high)', values: values(pts, 'shrunk_high'), color: PALETTE[2]!, scale: 'stars', bandEdge: true },
      { label: '95 % interval (low)', values: values(pts, 'shrunk_low'), color: PALETTE[2]!, scale: 'stars', bandEdge: true },
      { label: 'Shrunk rating', values: values(pts, 'shrunk_rating'), color: PALETTE[2]!, scale: 'stars' },
      { label: 'Raw average', values: values(pts, 'rating_avg'), color: PALETTE[0]!, scale: 'stars', pointsOnly: true },
      { label: 'Reviews', values: values(pts, 'review_count'), color: 'rgba(157,183,213,0.55)', scale: 'count', bars: true, digits: 0 },
    ],
    bands: [{ upper: 0, lower: 1, color: 'rgba(29,122,58,0.15)' }],
    scales: { stars: { min: 1, max: 5, label: 'Stars', side: 'left' as const }, count: { min: 0, label: 'Reviews', side: 'right' as const, headroom: 3 } },
  };

  const strengths = themes.themes.filter((th) => (th.polarity ?? 0) >= 0.1).slice(0, 3);
  const growth = themes.themes.filter((th) => (th.polarity ?? 0) <= -0.1).slice(0, 3);
  const few = t.rated < min;

  return (
    <Layout view={view} title={person.display_name} filterForm={<FilterForm view={view} sources={sources} />}>
      <p class="lede">
        {person.role_title ?? 'Salesperson'}
        {person.location_id ? (
          <>
            {' at '}
            <a href={hrefWith(`/locations/${person.location_id}`, f)}>{view.nav.locations.find((l) => l.id === person.location_id)?.name ?? `location ${person.location_id}`}</a>
          </>
        ) : null}
        {person.team ? `, team ${person.team}` : ''}
        {person.active ? '' : ' (no longer active)'}
      </p>
      <dl class="stats">
        <Stat label="Reviews in range" value={int(t.reviews)} detail={`${int(t.rated)} with a rating`} />
        <Stat label="Raw average" value={num(t.rating)} detail="plain mean of the ratings" />
        <div class="stat">
          <dt>Latest shrunk rating</dt>
          <dd>
            <span class="stat-value">{num(latest?.shrunk_rating)}</span>
            <IntervalBar value={latest?.shrunk_rating ?? null} low={latest?.shrunk_low ?? null} high={latest?.shrunk_high ?? null} raw={latest?.rating_avg ?? null} />
            <span class="stat-detail">{latest ? period(latest.period_start, f.granularity) : 'no rated reviews yet'}</span>
          </dd>
        </div>
      </dl>

      <Chart id="chart-person" title="Rating over time" summary={`Shrunk rating with its 95 % interval (shaded; wider when there are few reviews), raw average as dots and review counts as bars, ${pts.length} periods.`} spec={chart} xLabels={xLabels} csv={exportHref('trends', trendsQ)} />

      <Section id="coaching" title="Coaching notes" intro={`From the themes of reviews in the ${period(themes.period.start, 'r90')} (${int(themes.review_count)} reviews).`} actions={<CsvLink href={exportHref('themes', themesQ)} />}>
        {few ? (
          <p class="notice">
            Only {int(t.rated)} rated reviews in this range (fewer than {min}): treat these as early signals, not a verdict.
          </p>
        ) : null}
        <div class="grid-2">
          <CoachingList heading="What customers appreciate" items={strengths} empty="No clearly positive theme yet." />
          <CoachingList heading="Where customers see room to grow" items={growth} empty="No recurring concern in these reviews." />
        </div>
        <details class="more">
          <summary>All themes</summary>
          <ThemeTable themes={themes} caption={`Themes in ${person.display_name}'s reviews`} />
        </details>
      </Section>

      <Section id="reviews" title="Reviews that count for them" intro="Each review says why it was attributed: their own review profile, a tag by the review site, or their name in the text (with the matcher's confidence)." actions={<CsvLink href={exportHref('reviews', reviewsQ)} />}>
        <ReviewTable reviews={reviews.items} personId={id} caption={`Reviews attributed to ${person.display_name}`} empty="No reviews in this range." id="person-reviews" />
        {reviews.next_cursor ? <p class="muted">Showing the newest {reviews.items.length}; the CSV has the same page, the API has the rest.</p> : null}
      </Section>
    </Layout>
  );
}

function CoachingList(props: { heading: string; items: Theme[]; empty: string }) {
  return (
    <div class="coaching">
      <h3>{props.heading}</h3>
      {props.items.length ? (
        <ul>
          {props.items.map((th) => (
            <li>
              <strong>{th.theme}</strong> <span class="muted">({int(th.count)} mentions)</span>
              {th.examples[0] ? (
                <p class="coach-quote">
                  <q>{th.examples[0].quote}</q> <span class="muted">{stars(th.examples[0].rating)}</span>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{props.empty}</Empty>
      )}
    </div>
  );
}
