import type { ReviewBody, ThemesBody } from '../api-types';
import { day, DASH, feeling, int, num, pct, signed, stars } from '../format';
import { Empty } from './components';

/**
 * Review and theme tables shared by the location and salesperson pages.
 * Every string from a review (text, title, author, theme quote) is a JSX
 * child, so Hono escapes it; links to the review's page on its site are
 * only rendered for http(s) URLs, never javascript: or data:.
 */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const METHOD_TEXT: Record<string, string> = {
  profile: 'Their own review profile',
  tag: 'Tagged by the review site',
  text: 'Named in the review text',
};

/** How a review came to count for this person: their profile, a site tag or their name in the text, with the confidence. */
export function attributionText(r: ReviewBody, personId: number): string {
  if (r.person_id === personId) return 'Own review profile';
  const a = r.attributions.find((x) => x.person_id === personId && x.status !== 'rejected');
  if (!a) return DASH;
  const status = a.status === 'confirmed' ? ', confirmed by a person' : a.status === 'pending' ? ', waiting for review' : '';
  return `${METHOD_TEXT[a.method] ?? a.method} (${pct(a.confidence)} confidence${status})`;
}

export function ReviewTable(props: { reviews: ReviewBody[]; caption: string; personId?: number; empty: string; id?: string }) {
  if (!props.reviews.length) return <Empty>{props.empty}</Empty>;
  const last = props.personId !== undefined ? 'Counted for them because' : 'Answered';
  return (
    <div class="table-wrap">
      {/* Explicit table roles: on phones the rows are restyled as cards, and CSS display changes can drop table semantics. */}
      <table class="reviews" id={props.id} role="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Date</th>
            <th scope="col" role="columnheader">Source</th>
            <th scope="col" class="num" role="columnheader">Rating</th>
            <th scope="col" role="columnheader">Review</th>
            <th scope="col" role="columnheader">{last}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {props.reviews.map((r) => {
            const link = safeUrl(r.url);
            return (
              <tr role="row">
                <td class="nowrap" role="cell">{day(r.published_at ?? r.first_seen_at)}</td>
                <td role="cell">{link ? <a href={link} rel="noopener noreferrer nofollow" target="_blank">{r.source}</a> : r.source}</td>
                <td class="num nowrap" role="cell">{stars(r.rating)}</td>
                <td class="review-text" role="cell">
                  {r.title ? <strong class="review-title">{r.title}</strong> : null}
                  <span class="review-body">{r.text ?? DASH}</span>
                  {r.author_name ? <span class="muted review-author"> — {r.author_name}</span> : null}
                </td>
                <td role="cell" data-label={last}>
                  {props.personId !== undefined ? attributionText(r, props.personId) : r.owner_response ? 'Yes' : 'Not yet'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const TREND_TEXT: Record<ThemesBody['themes'][number]['trend'], string> = {
  new: 'new this period',
  more_positive: 'more positive',
  more_negative: 'more negative',
  stable: 'about the same',
};

export function ThemeTable(props: { themes: ThemesBody; caption: string }) {
  const t = props.themes;
  if (!t.themes.length) return <Empty>No themes found in the reviews of this period.</Empty>;
  return (
    <div class="table-wrap">
      <table class="themes">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col" class="num">Mentions</th>
            <th scope="col" class="num">Share of reviews</th>
            <th scope="col">Feeling</th>
            <th scope="col">Against the period before</th>
            <th scope="col">What customers said</th>
          </tr>
        </thead>
        <tbody>
          {t.themes.map((th) => (
            <tr>
              <th scope="row">{th.theme}</th>
              <td class="num">{int(th.count)}</td>
              <td class="num">{pct(th.share)}</td>
              <td>
                <span class={`feeling feeling-${(th.polarity ?? 0) >= 0.1 ? 'pos' : (th.polarity ?? 0) <= -0.1 ? 'neg' : 'mid'}`}>{feeling(th.polarity)}</span>{' '}
                <span class="muted">({num(th.polarity)})</span>
              </td>
              <td>
                {TREND_TEXT[th.trend]}
                {th.polarity_change !== null ? <span class="muted"> ({signed(th.polarity_change)})</span> : null}
              </td>
              <td>
                {th.examples.length ? (
                  <ul class="quotes">
                    {th.examples.map((e) => (
                      <li>
                        <q>{e.quote}</q> <span class="muted nowrap">{stars(e.rating)}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span class="muted">{DASH}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
