import type { Rng } from '../../core/rng';

/**
 * Reviewer display names in the shapes review sites show: "Jenny K.",
 * "jkowalski", "rwalker88", "Mark". All invented from short name lists.
 */

const FIRST = [
  'Jenny', 'Mark', 'Alicia', 'Tom', 'Nadia', 'Greg', 'Hannah', 'Victor', 'Leah', 'Omar', 'Kim', 'Derrick',
  'Paula', 'Ian', 'Monique', 'Trevor', 'Yuki', 'Brenda', 'Caleb', 'Fatima', 'Ross', 'Tanya', 'Wes', 'Irene',
];
const FIRST_ES = ['Lupita', 'Javier', 'Marisol', 'Andrés', 'Rocío', 'Esteban', 'Ximena', 'Raúl'];
const LAST = [
  'Kowalski', 'Walker', 'Nguyen', 'Brooks', 'Haddad', 'Lindqvist', 'Moreau', 'Patel', 'Osei', 'Fischer',
  'Barnes', 'Castillo', 'Ito', 'Doyle', 'Mensah', 'Sorensen',
];

export function authorName(rng: Rng, spanish: boolean): string {
  const first = rng.pick(spanish ? FIRST_ES : FIRST);
  const last = rng.pick(LAST);
  switch (rng.int(0, 4)) {
    case 0:
      return `${first} ${last[0]}.`;
    case 1:
      return `${first[0]!.toLowerCase()}${last.toLowerCase()}`;
    case 2:
      return `${first.toLowerCase()}${rng.int(10, 99)}`;
    case 3:
      return first;
    default:
      return `${first} ${last}`;
  }
}
