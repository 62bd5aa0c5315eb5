import type { DemoCompany, DemoLocation, DemoPerson } from './types';

/**
 * The fictional dealer group. Names are invented; the store codes and
 * employee numbers are what the internal CX export (buildDemoCx) keys on.
 * The roster deliberately contains the awkward cases attribution must handle:
 * nicknames, a quoted nickname, two people called Chris at different stores,
 * accented names, someone who left and someone who joined mid-period.
 */

export const DEMO_COMPANY: DemoCompany = {
  key: 'northwind-motors',
  name: 'Northwind Motors',
  externalKey: 'NWM',
  website: 'northwind-motors.example',
};

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  {
    key: 'harbor-point',
    name: 'Northwind Motors Harbor Point',
    externalKey: 'NWM-101',
    street: '1200 Harbor Point Blvd',
    city: 'Port Avalon',
    region: 'OR',
    postalCode: '97001',
    timezone: 'America/Los_Angeles',
    siteId: 41017,
    managerKey: 'priya-raman',
  },
  {
    key: 'riverside',
    name: 'Northwind Motors Riverside',
    externalKey: 'NWM-102',
    street: '455 Riverside Dr',
    city: 'Millbrook',
    region: 'OR',
    postalCode: '97002',
    timezone: 'America/Los_Angeles',
    siteId: 41018,
    managerKey: 'kendra-boyd',
  },
  {
    key: 'cedar-hills',
    name: 'Northwind Motors Cedar Hills',
    externalKey: 'NWM-103',
    street: '78 Cedar Hills Rd',
    city: 'Ashford',
    region: 'WA',
    postalCode: '98003',
    timezone: 'America/Los_Angeles',
    siteId: 41019,
    managerKey: 'derek-olsen',
  },
  {
    key: 'lakeview',
    name: 'Northwind Motors Lakeview',
    externalKey: 'NWM-104',
    street: '9 Lakeview Ave',
    city: 'Glenmere',
    region: 'WA',
    postalCode: '98004',
    timezone: 'America/Los_Angeles',
    siteId: 41020,
    managerKey: 'walter-hicks',
  },
];

/** Dates that depend on the demo period, in days relative to asOf. */
export const LEFT_DAYS_AGO = 200;
export const JOINED_DAYS_AGO = 270;

type RosterEntry = Omit<DemoPerson, 'externalKey' | 'siteId' | 'activeFrom' | 'activeTo'> & {
  left?: true;
  joined?: true;
};

const ROSTER: readonly RosterEntry[] = [
  // Harbor Point: the steady, strong store.
  p('priya-raman', 'Priya Raman', 'Priya', 'Raman', [], 'harbor-point', 'General Manager', null, false),
  p('michael-brennan', 'Michael Brennan', 'Michael', 'Brennan', ['Mike', 'Mikey'], 'harbor-point', 'Sales Consultant', 'priya-raman'),
  p('tristan-cole', 'Tristan Cole', 'Tristan', 'Cole', [], 'harbor-point', 'Sales Consultant', 'priya-raman'),
  p('dana-whitfield', 'Dana Whitfield', 'Dana', 'Whitfield', [], 'harbor-point', 'Finance Manager', 'priya-raman'),
  p('rafael-quintero', 'Rafael "Rafa" Quintero', 'Rafael', 'Quintero', ['Rafa'], 'harbor-point', 'Sales Consultant', 'priya-raman'),
  // Riverside: the store that slides in the last six months.
  p('kendra-boyd', 'Kendra Boyd', 'Kendra', 'Boyd', [], 'riverside', 'General Manager', null, false),
  p('chris-delgado', 'Chris Delgado', 'Chris', 'Delgado', [], 'riverside', 'Sales Consultant', 'kendra-boyd'),
  p('jonathan-pike', 'Jonathan Pike', 'Jonathan', 'Pike', ['Jon', 'Johnny'], 'riverside', 'Sales Consultant', 'kendra-boyd'),
  { ...p('marcus-feld', 'Marcus Feld', 'Marcus', 'Feld', [], 'riverside', 'Sales Manager', 'kendra-boyd'), left: true },
  p('sofia-navarro', 'Sofía Navarro', 'Sofía', 'Navarro', ['Sofia'], 'riverside', 'Sales Consultant', 'kendra-boyd'),
  // Cedar Hills: average store, home of the salesperson who improves.
  p('derek-olsen', 'Derek Olsen', 'Derek', 'Olsen', [], 'cedar-hills', 'General Manager', null, false),
  p('christopher-yates', 'Christopher Yates', 'Christopher', 'Yates', ['Chris'], 'cedar-hills', 'Sales Consultant', 'derek-olsen'),
  p('elena-marsh', 'Elena Marsh', 'Elena', 'Marsh', [], 'cedar-hills', 'Sales Consultant', 'derek-olsen'),
  { ...p('beatriz-pena', 'Beatriz Peña', 'Beatriz', 'Peña', ['Bea', 'Beatriz Pena'], 'cedar-hills', 'Sales Consultant', 'derek-olsen'), joined: true },
  // Lakeview: small store, fewer reviews, rarely answers them.
  p('walter-hicks', 'Walter Hicks', 'Walter', 'Hicks', [], 'lakeview', 'General Manager', null, false),
  p('samuel-okafor', 'Samuel Okafor', 'Samuel', 'Okafor', ['Sam'], 'lakeview', 'Sales Consultant', 'walter-hicks'),
  p('renee-dubois', 'Renée Dubois', 'Renée', 'Dubois', ['Renee'], 'lakeview', 'Sales Consultant', 'walter-hicks'),
];

function p(
  key: string,
  name: string,
  firstName: string,
  lastName: string,
  aliases: string[],
  locationKey: string,
  title: string,
  managerKey: string | null,
  sells = true,
): RosterEntry {
  const team = `${locationKey}-${sells ? 'sales' : 'management'}`;
  return { key, name, firstName, lastName, aliases, locationKey, title, team, managerKey, sells };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The people, with activeFrom/activeTo placed relative to the demo period. */
export function buildRoster(asOfMs: number): DemoPerson[] {
  return ROSTER.map((entry, i) => {
    const { left, joined, ...rest } = entry;
    return {
      ...rest,
      aliases: [...rest.aliases],
      externalKey: `E${String(1001 + i)}`,
      siteId: 730_101 + i * 17,
      activeFrom: joined ? isoDay(asOfMs - JOINED_DAYS_AGO * 86_400_000) : null,
      activeTo: left ? isoDay(asOfMs - LEFT_DAYS_AGO * 86_400_000) : null,
    };
  });
}

/** Is the person on staff on this instant? (activeTo is the last day worked, inclusive.) */
export function isActive(person: DemoPerson, ms: number): boolean {
  if (person.activeFrom && ms < Date.parse(`${person.activeFrom}T00:00:00Z`)) return false;
  if (person.activeTo && ms >= Date.parse(`${person.activeTo}T00:00:00Z`) + 86_400_000) return false;
  return true;
}
