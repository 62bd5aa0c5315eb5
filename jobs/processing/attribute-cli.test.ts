import { describe, expect, it } from 'vitest';
import { attributeLines, parseRosterFile } from './attribute-cli';

async function* lines(xs: string[]) {
  for (const x of xs) yield x;
}

async function collect(roster: string, input: string[]) {
  const out: any[] = [];
  for await (const o of attributeLines(roster, lines(input))) out.push(o);
  return out;
}

const yamlRoster = `
company: { key: acme, name: Acme Motors }
locations:
  - { key: north, name: Acme North }
  - { key: south, name: Acme South }
people:
  - { key: mike, name: Mike Lambert, aliases: [Mikey], location: north }
  - { key: sarah, name: Sarah Connor, location: north }
  - { key: dave, name: Dave Okafor, location: south }
settings:
  scoring: { attributionReviewThreshold: 0.8 }
`;

const csvRoster = 'key,name,aliases,location\nmike,Mike Lambert,Mikey;Big Mike,north\nsarah,Sarah Connor,,north\n';

describe('attributeLines', () => {
  it('reads the roster from the config file or from a CSV', () => {
    const fromYaml = parseRosterFile(yamlRoster);
    expect(fromYaml.people.map((p) => p.id)).toEqual(['mike', 'sarah', 'dave']);
    expect(fromYaml.reviewThreshold).toBe(0.8);
    const fromCsv = parseRosterFile(csvRoster);
    expect(fromCsv.people[0]).toMatchObject({ id: 'mike', displayName: 'Mike Lambert', aliases: ['Mikey', 'Big Mike'], locationId: 'north' });
  });

  it('says who each review is about, how, how sure, and whether a person should check', async () => {
    const out = await collect(yamlRoster, [
      JSON.stringify({ id: 'a', text: 'Sarah Connor made it painless.', location: 'north' }),
      JSON.stringify({ text: 'Great visit', employees: ['Dave Okafor'] }),
      '',
      JSON.stringify({ text: 'Nobody we know' }),
      '{ not json',
    ]);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ line: 1, id: 'a', attributions: [{ who: 'sarah', name: 'Sarah Connor', how: 'text', needsReview: false }] });
    expect(out[0].attributions[0].confidence).toBeGreaterThanOrEqual(0.8);
    expect(out[1].attributions[0]).toMatchObject({ who: 'dave', how: 'tag' });
    expect(out[2]).toEqual({ line: 4, attributions: [] });
    expect(out[3].line).toBe(5);
    expect(out[3].error).toMatch(/not valid JSON/);
  });

  it('works from a CSV roster', async () => {
    const out = await collect(csvRoster, [JSON.stringify({ text: 'Ask for Mikey!', location: 'north' })]);
    expect(out[0].attributions[0]).toMatchObject({ who: 'mike', how: 'text' });
  });
});
