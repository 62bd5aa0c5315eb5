import type { CrawlRunsBody, SourceHealthBody } from '../api-types';
import { dateTime, DASH, int, pct } from '../format';
import { exportHref, type PageDeps } from '../page-deps';
import { CsvLink, Empty, Section } from './components';
import { Field, Layout, type View } from './layout';
import { safeUrl } from './reviews';

/**
 * Sources and crawl health, for whoever keeps the crawlers running: per
 * source and per target, the last run and its status, coverage (reviews we
 * hold against the count the site shows), blocks and errors, and the latest
 * runs.
 */
const STATUS_TEXT: Record<string, string> = {
  ok: 'OK',
  never_run: 'Never crawled',
  failing: 'Failing',
  blocked: 'Blocked',
  low_coverage: 'Low coverage',
  disabled: 'Disabled',
};

export async function renderSources(deps: PageDeps, view: View) {
  const { api } = deps;
  const p = view.principal;
  const entity = view.filters.entity ?? (p.role === 'manager' && view.nav.locations[0] ? `location:${view.nav.locations[0].id}` : undefined);
  const [health, runs] = await Promise.all([
    api.get<SourceHealthBody>(p, 'source-health', { entity }),
    api.get<CrawlRunsBody>(p, 'crawl-runs', { entity, limit: 20 }),
  ]);
  const nameOf = (kind: string, id: number) =>
    kind === 'company' ? view.nav.companyName : kind === 'location' ? (view.nav.locations.find((l) => l.id === id)?.name ?? `location ${id}`) : (view.nav.people.find((x) => x.id === id)?.name ?? `person ${id}`);
  const problems = health.targets.filter((t) => t.status !== 'ok' && t.status !== 'disabled').length;
  const scopeName = entity ? nameOf('location', Number(entity.slice('location:'.length))) : view.nav.companyName;

  const chooser = (
    <form class="filters" method="get" action="/sources" aria-label="Filters">
      <Field id="f-entity" label="Targets of">
        <select id="f-entity" name="entity">
          {p.role !== 'manager' ? (
            <option value="" selected={!entity}>
              The whole company
            </option>
          ) : null}
          {view.nav.locations.map((l) => (
            <option value={`location:${l.id}`} selected={entity === `location:${l.id}`}>
              {l.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit">Apply</button>
    </form>
  );

  return (
    <Layout view={view} title="Sources and crawl health" heading={`Sources and crawl health: ${scopeName}`} filterForm={chooser}>
      <p class="lede" role="status">
        {health.targets.length} review profiles; {problems ? `${problems} need a look.` : 'all healthy.'}
      </p>
      <Section id="by-source" title="By source">
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col" class="num">Profiles</th>
                <th scope="col" class="num">OK</th>
                <th scope="col" class="num">Blocked</th>
                <th scope="col" class="num">Failing</th>
                <th scope="col" class="num">Low coverage</th>
                <th scope="col" class="num">Never run</th>
                <th scope="col" class="num">Reviews held / shown on site</th>
              </tr>
            </thead>
            <tbody>
              {health.sources.map((s) => (
                <tr>
                  <th scope="row">{s.source}</th>
                  <td class="num">{s.targets}</td>
                  <td class="num">{s.ok}</td>
                  <td class={`num ${s.blocked ? 'bad' : ''}`}>{s.blocked}</td>
                  <td class={`num ${s.failing ? 'bad' : ''}`}>{s.failing}</td>
                  <td class="num">{s.low_coverage}</td>
                  <td class="num">{s.never_run}</td>
                  <td class="num">
                    {int(s.stored_review_count)} / {s.site_review_count ? int(s.site_review_count) : DASH} ({pct(s.coverage)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="targets" title="Review profiles" actions={<CsvLink href={exportHref('source-health', { entity })} />}>
        {health.targets.length ? (
          <div class="table-wrap">
            <table id="targets-table">
              <thead>
                <tr>
                  <th scope="col">Profile</th>
                  <th scope="col">For</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Last success</th>
                  <th scope="col" class="num">Coverage</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {health.targets.map((t) => {
                  const link = safeUrl(t.url);
                  return (
                    <tr>
                      <th scope="row">
                        {link ? <a href={link} rel="noopener noreferrer nofollow" target="_blank">{t.key}</a> : t.key}
                        <span class="muted"> ({t.source.key})</span>
                      </th>
                      <td>{nameOf(t.entity.kind, t.entity.id)}</td>
                      <td>
                        <span class={`badge status-${t.status}`}>{STATUS_TEXT[t.status] ?? t.status}</span>
                      </td>
                      <td>{t.last_run ? `${dateTime(t.last_run.started_at)} (${t.last_run.status})` : DASH}</td>
                      <td>{dateTime(t.last_success_at)}</td>
                      <td class="num">
                        {int(t.stored_review_count)} / {t.site_review_count !== null ? int(t.site_review_count) : DASH}
                        <br />
                        <span class="muted">{pct(t.coverage)}</span>
                      </td>
                      <td>
                        {t.blocked ? `Blocked${t.blocked_reason ? ` (${t.blocked_reason})` : ''}, ${t.blocked_runs_in_a_row} run${t.blocked_runs_in_a_row === 1 ? '' : 's'} in a row` : t.last_error ? `Last error ${dateTime(t.last_error_at)}: ${t.last_error}` : DASH}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No review profiles are set up here.</Empty>
        )}
      </Section>

      <Section id="runs" title="Latest crawl runs" actions={<CsvLink href={exportHref('crawl-runs', { entity, limit: 20 })} />}>
        {runs.items.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Profile</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">Pages</th>
                  <th scope="col" class="num">New</th>
                  <th scope="col" class="num">Changed</th>
                  <th scope="col" class="num">Removed</th>
                  <th scope="col" class="num">Errors</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {runs.items.map((r) => (
                  <tr>
                    <td class="nowrap">{dateTime(r.started_at)}</td>
                    <th scope="row">{r.target_key}</th>
                    <td>
                      <span class={`badge run-${r.status}`}>{r.status}</span>
                    </td>
                    <td class="num">{r.pages}</td>
                    <td class="num">{r.reviews_new}</td>
                    <td class="num">{r.reviews_changed}</td>
                    <td class="num">{r.reviews_removed}</td>
                    <td class="num">{r.errors}</td>
                    <td>{r.error_message ?? r.blocked_reason ?? DASH}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No crawl has run yet.</Empty>
        )}
      </Section>
    </Layout>
  );
}
