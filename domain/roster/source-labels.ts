/** Display names of the built-in review sources, for the sources table and the dashboard. */
const labels: Record<string, string> = {
  'schema-org': 'Website (schema.org)',
  trustpilot: 'Trustpilot',
  dealerrater: 'DealerRater',
  'google-maps': 'Google Maps',
  'google-business': 'Google Business Profile',
  yelp: 'Yelp',
  lendingtree: 'LendingTree',
  zillow: 'Zillow',
};

export function sourceLabel(key: string): string {
  if (labels[key]) return labels[key];
  if (key.startsWith('custom:')) return key.slice('custom:'.length);
  return key;
}
