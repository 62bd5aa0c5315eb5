import type { DemoTheme } from './types';

/**
 * English sentence templates, written for this demo. `{name}` is replaced by a
 * salesperson's name or nickname, `{vehicle}` by a vehicle. Each theme has
 * sentences for both polarities so the theme lexicon sees realistic wording
 * on either side (including negations such as "never called back").
 */

export const EN_THEMES: Record<DemoTheme, { pos: readonly string[]; neg: readonly string[] }> = {
  responsiveness: {
    pos: [
      'Every call and text got an answer within the hour.',
      'They called me back the same afternoon, as promised.',
      '{name} answered my texts even on a Sunday.',
      'Quick replies to every email I sent.',
    ],
    neg: [
      'I left three voicemails and nobody ever called me back.',
      'It took four days to get a reply to a simple question.',
      '{name} stopped answering my calls once I asked about the trade-in.',
      'Emails went unanswered for a week.',
    ],
  },
  communication: {
    pos: [
      'They explained every step and kept me informed the whole time.',
      '{name} walked me through all the options clearly.',
      'Clear communication from the first call to delivery.',
      'I always knew what was happening with my order.',
    ],
    neg: [
      'Nobody told me the car was still at the body shop.',
      'Every person I spoke to told me something different.',
      'I had to call them to find out the delivery date had slipped, again.',
      '{name} was vague about everything and never gave a straight answer.',
    ],
  },
  speed: {
    pos: [
      'In and out in under two hours, including financing.',
      'The whole purchase took less time than lunch.',
      'No waiting around, they had the car ready when I arrived.',
      'Fast and efficient, they respected my time.',
    ],
    neg: [
      'We waited almost three hours just to sign the papers.',
      'The wait was ridiculous, four hours on a Saturday.',
      'My appointment was at nine and nobody saw me until eleven.',
      'Way too much waiting around in the showroom.',
    ],
  },
  price: {
    pos: [
      'Fair price, no haggling, and they matched the online quote.',
      'They gave me more for my trade-in than anyone else.',
      'Transparent pricing with no surprise fees.',
      'Great deal on {vehicle}.',
    ],
    neg: [
      'They added $1,400 in fees that were never mentioned.',
      'The price on the website was not the price at the desk.',
      'Lowball offer on my trade and a markup on everything else.',
      'Overpriced add-ons were pushed hard.',
    ],
  },
  honesty: {
    pos: [
      'Honest people, no games and no pressure.',
      '{name} was upfront about the history of the car.',
      'I trusted them from the start, and they earned it.',
      'They told me what I did not need to buy, which I appreciated.',
    ],
    neg: [
      'They lied about the accident history.',
      'Felt like a bait and switch from the moment I walked in.',
      'I do not trust anything they said after this.',
      'The "certified" car had obvious problems they hid.',
    ],
  },
  knowledge: {
    pos: [
      '{name} knew every feature and answered all my questions.',
      'Very knowledgeable about the hybrid options.',
      'They knew their inventory inside out.',
      '{name} explained the warranty better than the manufacturer does.',
    ],
    neg: [
      '{name} did not know basic things about the car.',
      'Nobody could answer my questions about the warranty.',
      'The salesperson had to look up everything on his phone.',
      'Clueless about financing options.',
    ],
  },
  friendliness: {
    pos: [
      'Friendly and welcoming from the moment we arrived.',
      '{name} was so kind and patient with my kids around.',
      'Everyone was warm and polite.',
      'Such a friendly team, we felt at home.',
    ],
    neg: [
      'The staff was rude and dismissive.',
      '{name} rolled his eyes when I asked a question.',
      'Nobody even said hello when we walked in.',
      'Condescending attitude from the manager.',
    ],
  },
  paperwork: {
    pos: [
      'The paperwork was quick and everything was ready to sign.',
      'Financing and paperwork were painless.',
      'Title and registration were handled without me lifting a finger.',
    ],
    neg: [
      'They messed up the paperwork twice and I had to come back.',
      'Still waiting on my title after six weeks.',
      'The finance office was a mess and the contract had errors.',
    ],
  },
  'follow-up': {
    pos: [
      '{name} called a week later to make sure everything was fine.',
      'Great follow-up after the sale, they really care.',
      'They checked in after my first service too.',
    ],
    neg: [
      'After they had my money, nobody followed up on the missing second key.',
      'Promised to call about the recall fix and never did.',
      'Zero follow-up after the sale.',
    ],
  },
  facilities: {
    pos: [
      'Clean showroom, comfortable lounge and good coffee.',
      'Nice waiting area with wifi and a play corner for kids.',
      'Modern facility, spotless service bay.',
    ],
    neg: [
      'The waiting room was dirty and the wifi did not work.',
      'Parking was a nightmare and the lounge was packed.',
      'Restrooms were out of order the whole time.',
    ],
  },
};

export const EN_OPENINGS: Record<number, readonly string[]> = {
  5: [
    'Best car buying experience I have had.',
    'Bought {vehicle} here last week and could not be happier.',
    'Absolutely fantastic experience.',
    'Second car from this store and it was just as good.',
  ],
  4: [
    'Good experience overall.',
    'Picked up {vehicle} here, pretty happy with it.',
    'Solid dealership, a couple of small hiccups.',
    'Mostly a good visit.',
  ],
  3: [
    'Mixed feelings about this one.',
    'It was okay, nothing special.',
    'Bought {vehicle}, the process could have been smoother.',
    'Some good, some bad.',
  ],
  2: [
    'Disappointing visit.',
    'Not what I expected from this dealership.',
    'Came in for {vehicle} and left frustrated.',
    'Below average experience.',
  ],
  1: [
    'Worst dealership experience ever.',
    'Stay away.',
    'I regret buying {vehicle} here.',
    'Terrible from start to finish.',
  ],
};

export const EN_CLOSINGS: { pos: readonly string[]; neg: readonly string[]; mid: readonly string[] } = {
  pos: ['Will definitely be back.', 'Highly recommend!', 'Thank you all!', 'Five stars, well deserved.', ''],
  mid: ['Might come back, might not.', 'Hope they work on it.', ''],
  neg: ['Will not be back.', 'Take your business elsewhere.', 'Very disappointed.', ''],
};

export const EN_TITLES: Record<number, readonly string[]> = {
  5: ['Great experience', 'Highly recommend', 'Smooth and easy', 'Above and beyond', 'Best dealership around'],
  4: ['Good visit', 'Pretty good overall', 'Happy with my purchase', 'Would buy again'],
  3: ['Just okay', 'Room for improvement', 'Average'],
  2: ['Disappointed', 'Not great', 'Expected better'],
  1: ['Terrible service', 'Buyer beware', 'Avoid this place', 'Never again'],
};

/** Sentences that name salespeople. Two-name variants need {name} and {name2}. */
export const EN_NAME_LINES = {
  pos: ['Ask for {name}!', '{name} made it easy.', '{name} was great to work with.', 'Thanks to {name} for everything.'],
  pos2: ['{name} and {name2} were great.', 'Big thanks to {name} and {name2}.'],
  neg: ['{name} never called me back.', 'Avoid {name}.', '{name} was pushy and rude.'],
};

export const VEHICLES: readonly string[] = [
  'a used SUV',
  'a new hybrid',
  'a certified pre-owned sedan',
  'a pickup truck',
  'a minivan',
  'my daughter’s first car',
  'an electric crossover',
];

export const EMOJI = { pos: ['👍', '🚗', '😀', '⭐⭐⭐⭐⭐', '🙌'], mid: ['🤷', '😐'], neg: ['😡', '👎', '🙄'] } as const;

export const EN_RESPONSES = {
  pos: [
    'Thank you, {author}! We are so glad {who} took great care of you. Enjoy the new ride!',
    'Thanks for the kind words, {author}. We look forward to seeing you at your first service.',
    'We appreciate you choosing us, {author}!',
  ],
  neg: [
    '{author}, we are sorry to hear about your experience. Please call me directly at the store so I can make this right.',
    'This is not the standard we hold ourselves to, {author}. I have shared your feedback with the team; please reach out to me.',
    'Thank you for the honest feedback, {author}. We are looking into what happened.',
  ],
};
