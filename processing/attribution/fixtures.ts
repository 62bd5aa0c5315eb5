import type { RosterPerson } from './types';

/** A fictional dealership roster used by the attribution tests. Locations: north, south. */
export const ROSTER: RosterPerson[] = [
  { id: 'adrian', displayName: 'Adrian "AyyDee" Cortes', aliases: [], locationId: 'north' },
  { id: 'michael-r', displayName: 'Michael Reyes', aliases: [], locationId: 'north' },
  { id: 'michael-t', displayName: 'Michael Tanaka', aliases: [], locationId: 'south' },
  { id: 'jennifer', displayName: 'Jennifer Lopez', aliases: [], locationId: 'north' },
  { id: 'tristan', displayName: 'Tristan Okafor', aliases: [], locationId: 'north' },
  { id: 'brandon', displayName: 'Brandon Vale', aliases: [], locationId: 'north' },
  { id: 'grant', displayName: 'Grant Whitfield', aliases: [], locationId: 'north' },
  { id: 'will', displayName: 'William Pryce', aliases: ['Will'], locationId: 'north' },
  { id: 'hope', displayName: 'Hope Adeyemi', aliases: [], locationId: 'north' },
  { id: 'drew', displayName: 'Drew Halvorsen', aliases: [], locationId: 'north' },
  { id: 'mark', displayName: 'Mark Lindqvist', aliases: [], locationId: 'north' },
  { id: 'chase', displayName: 'Chase Moreland', aliases: [], locationId: 'south' },
  { id: 'christopher', displayName: 'Christopher Banes', aliases: [], locationId: 'south' },
  { id: 'kira', displayName: 'Kira Voss', aliases: [], locationId: 'north' },
  { id: 'jose', displayName: 'José Núñez', aliases: [], locationId: 'south' },
  { id: 'maria', displayName: 'Maria De La Cruz', firstName: 'Maria', lastName: 'De La Cruz', aliases: [], locationId: 'south' },
  { id: 'sam-a', displayName: 'Samantha Ortiz', aliases: [], locationId: 'south' },
  { id: 'sam-b', displayName: 'Samuel Brandt', aliases: [], locationId: 'south' },
  { id: 'rob', displayName: 'Robert Jansen', aliases: ['Bob', 'Big Bob'], locationId: 'north' },
  { id: 'leona', displayName: 'Leona Marsh', aliases: [], locationId: 'north', active: { from: '2019-01-01', to: '2023-06-30' } },
  { id: 'leona-new', displayName: 'Leona Fairbanks', aliases: [], locationId: 'north', active: { from: '2024-02-01' } },
  { id: 'dana', displayName: 'Dana Whitlock', aliases: [], locationId: 'south', active: { to: '2022-12-31' } },
  { id: 'floater', displayName: 'Priya Raman', aliases: [], locationId: null },
];
