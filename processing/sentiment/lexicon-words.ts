/**
 * Single-word valences for review text, on AFINN's −5…+5 scale, layered over
 * AFINN-165. Written from general review vocabulary (restaurants, dealerships,
 * lenders, agents, shops), never from the evaluation sets.
 *
 * Why overrides: AFINN scores tweets. In reviews some of its words are function
 * words ("like", "pretty", "please", "no"), some are lukewarm ("fine", "ok"),
 * and the service vocabulary that decides most reviews ("rude", "attentive",
 * "overpriced", "bland") is missing altogether.
 */

/** Value 0 removes a word AFINN scores but which carries no opinion in a review. */
export const NEUTRALISED = [
  'no', 'please', 'want', 'wants', 'wanted', 'pay', 'paid', 'save', 'saved', 'top', 'big',
  'huge', 'hope', 'hopefully', 'leave', 'stop', 'yes', 'bomb', 'wicked', 'kind', 'god', 'attention', 'cancel',
  'cancelled', 'canceled', 'extend', 'extended', 'charged', 'demand', 'demanded', 'matter', 'share', 'limited',
  'pretty', 'super', 'damn', 'damned', 'fucking', 'freaking', 'join', 'joined', 'alone', 'fire', 'chance',
  'clear', 'clearly', 'free', 'greeted', 'care', 'cares', 'cared', 'ready', 'sure', 'true', 'yeah',
] as const;

export const WORD_VALUES: Readonly<Record<string, number>> = {
  // AFINN values re-weighted for review use.
  // "like" as a verb; comparisons ("looks like", "was like") are skip phrases in lexicon-rules.ts.
  like: 1.5, likes: 1.5, liked: 2,
  good: 2.2, nice: 2, fine: 1, okay: 0.3, ok: 0.3, decent: 1, solid: 1.5, fun: 2, funny: 0.5, lol: 0.5, haha: 0.5,
  wow: 2, joke: -2, sweet: 1, rich: 1, lost: -1.5, dead: -1, die: -1, kill: -1, crazy: -1, sick: -2.5, miss: -1.5,
  wish: -0.5, lies: -2.5, warning: -1.5, thanks: 1.5, thank: 1.5, sorry: -1, apologize: -0.5, apologized: -0.5,
  apologised: -0.5, superb: 4, outstanding: 4, fantastic: 3.5, amazing: 3.5, awesome: 3.5, wonderful: 3.5,
  excellent: 3.5, great: 3, best: 3, perfect: 3.5, perfectly: 3, bad: -2.5, worse: -2.5, worst: -3.5, poor: -2.5,
  poorly: -2.5, avoid: -2.5, fresh: 2, easy: 1.5, easier: 1, help: 1, helped: 1.5, honest: 2.5, steal: -1,
  pain: -2, recommend: 2.5, recommended: 2.5, recommends: 2.5, recommending: 2.5, worth: 2, lack: -1.5,
  lacks: -1.5, lacked: -1.5, lacking: -1.5, better: 1.5, unbelievable: 0, ridiculous: -2.5, disaster: -3,
  // Food and drink.
  tasty: 2.5, flavorful: 2.5, flavourful: 2.5, flavorsome: 2, delish: 3, scrumptious: 3, mouthwatering: 3,
  succulent: 2.5, juicy: 1.5, crispy: 1, crunchy: 0.5, fluffy: 1, savory: 1, savoury: 1, hearty: 1.5, authentic: 1.5,
  homemade: 1.5, exquisite: 3.5, divine: 3, heavenly: 3, yum: 2.5, bland: -2, tasteless: -2.5, flavorless: -2.5,
  flavourless: -2.5, stale: -2, soggy: -2, greasy: -1.5, oily: -1, burnt: -2, undercooked: -2, overcooked: -2,
  overdone: -1.5, chewy: -1, rubbery: -2, mushy: -1.5, watery: -1.5, lukewarm: -1.5, cold: -0.5, inedible: -3.5,
  gross: -2.5, disgusting: -3.5, nasty: -3, vile: -3, revolting: -3.5, yuck: -3, ugh: -2, eww: -2.5, ew: -2,
  bleh: -2, meh: -1.5, blah: -1, skimpy: -2, measly: -2, poisoning: -3.5, vomit: -3, vomiting: -3,
  // Quality and overall verdict.
  impeccable: 3.5, immaculate: 3, spotless: 2.5, pristine: 2, phenomenal: 4, exceptional: 3.5, stellar: 3,
  terrific: 3.5, incredible: 3.5, fabulous: 3.5, delightful: 3, lovely: 3, pleasant: 2.5, enjoyable: 2.5,
  flawless: 3.5, perfection: 3.5, gem: 3, winner: 2.5, favorite: 2.5, favourite: 2.5, fav: 2, fave: 2,
  satisfied: 2, satisfying: 2, pleased: 2.5, impressed: 2.5, impressive: 3, thrilled: 3, ecstatic: 3,
  enjoyed: 2.5, loved: 3, refreshing: 2, superior: 2, consistent: 1.5, consistently: 0.5, quality: 0.5,
  kudos: 2.5, bravo: 2.5, grateful: 2.5, appreciative: 2, appreciated: 2, legit: 1.5, bonus: 1.5,
  mediocre: -2, subpar: -2.5, underwhelming: -2, underwhelmed: -2, overrated: -2, overhyped: -2,
  lackluster: -2, lacklustre: -2, forgettable: -1.5, uninspired: -1.5, average: -0.5, ordinary: -0.5,
  disappointing: -2.5, disappointed: -2.5, disappointment: -2.5, letdown: -2, horrible: -3.5, terrible: -3.5,
  awful: -3.5, atrocious: -4, abysmal: -4, horrendous: -4, dreadful: -3, pathetic: -3, appalling: -3.5,
  unacceptable: -3, absurd: -2, crap: -3, crappy: -3, trash: -2.5, garbage: -3, junk: -2, useless: -3,
  worthless: -3, pointless: -2, nightmare: -3.5, disastrous: -3.5, mess: -2, messed: -2, regret: -2.5,
  regretted: -2.5, unfortunately: -1.5, sadly: -1.5, luckily: 1.5, fortunately: 1.5, beware: -3,
  // People and service.
  attentive: 2.5, knowledgeable: 2.5, knowledgable: 2.5, professional: 2, professionally: 2, courteous: 2.5,
  responsive: 2, prompt: 1.5, promptly: 1.5, efficient: 2, efficiently: 2, quick: 1, quickly: 1, fast: 1,
  speedy: 1.5, timely: 1.5, smooth: 2, smoothly: 2, seamless: 2.5, seamlessly: 2.5, painless: 2.5, effortless: 2, thorough: 2, thoroughly: 1.5, welcoming: 2.5, inviting: 2, accommodating: 2.5,
  accomodating: 2.5, patient: 1.5, polite: 2, respectful: 2, personable: 2, caring: 2, considerate: 2,
  genuine: 2, sincere: 1.5, trustworthy: 2.5, reliable: 2, dependable: 2, transparent: 1.5, upfront: 1.5,
  straightforward: 1.5, helpful: 2.5, informative: 1.5, friendly: 2.5, friendliest: 3, nicest: 3,
  helpfulness: 2, professionalism: 2, kindness: 2.5, hospitality: 1.5, hospitable: 2, gracious: 2.5,
  organized: 1.5, organised: 1.5, diligent: 2, hardworking: 2, competent: 1.5, skilled: 2, talented: 2,
  expert: 1.5, pleasure: 2.5, upbeat: 1.5,
  rude: -3, rudely: -3, rudest: -3.5, rudeness: -3, pushy: -2.5, aggressive: -1.5, unprofessional: -3,
  unresponsive: -2.5, inattentive: -2.5, incompetent: -3, incompetence: -3, clueless: -2.5,
  condescending: -2.5, arrogant: -2.5, disrespectful: -3, dismissive: -2, rushed: -1.5, impatient: -1.5,
  unfriendly: -2.5, unhelpful: -2.5, unwelcoming: -2, lazy: -2, careless: -2, sloppy: -2, slow: -1.5,
  slowest: -2.5, sluggish: -1.5, delayed: -1.5, delay: -1, delays: -1.5, late: -1, forgot: -2,
  forgotten: -1.5, forgetful: -1.5, ignored: -2.5, ignoring: -2, neglected: -2, hostile: -3, yelled: -2.5,
  yelling: -2.5, screamed: -2.5, argumentative: -2.5, attitude: -1, sarcastic: -1.5, unreachable: -2.5,
  unanswered: -2, unreturned: -2.5, ghosted: -3, stonewalled: -2.5, runaround: -2.5, harassed: -3,
  harassing: -3, hounded: -2, pressured: -2.5, pressure: -1.5, hassle: -2, hassled: -2,
  // Money and honesty.
  reasonable: 1.5, reasonably: 1, affordable: 2, inexpensive: 1.5, bargain: 1.5, generous: 2, plentiful: 1.5,
  fair: 1, overpriced: -2.5, pricey: -1, expensive: -1, overcharged: -3, overcharging: -3, overcharge: -2.5,
  ripoff: -3, scam: -3.5, scammed: -3.5, scammers: -3.5, scammy: -3, shady: -3, sketchy: -2.5, dishonest: -3,
  dishonesty: -3, lied: -3, lying: -3, liar: -3.5, liars: -3.5, misleading: -3, misled: -3, deceptive: -3,
  fraud: -3.5, fraudulent: -3.5, crooks: -3.5, crooked: -3, gouging: -3, gouged: -3, predatory: -3.5,
  upsell: -1.5, upsold: -1.5, upselling: -1.5, lemon: -2, unreliable: -2.5, cheaply: -1, waste: -2.5, wasted: -2.5,
  // Places.
  clean: 2, cleanest: 2.5, comfortable: 2, comfy: 2, spacious: 1.5, relaxing: 2, cozy: 2, cosy: 2, charming: 2,
  beautiful: 3, beautifully: 3, gorgeous: 3, stunning: 3, elegant: 2, classy: 2, romantic: 1.5, quaint: 1.5,
  vibrant: 1.5, lively: 1, dirty: -2.5, filthy: -3, grimy: -2.5, sticky: -1, smelly: -2, stinks: -2.5,
  noisy: -1.5, loud: -1, deafening: -2, cramped: -1.5, crowded: -1, chaotic: -1.5, unclean: -2.5,
  unsanitary: -3, roach: -3, roaches: -3, cockroach: -3, cockroaches: -3,
  // Frustration and outcome.
  frustrating: -2.5, frustrated: -2.5, frustration: -2.5, annoying: -2, annoyed: -2, furious: -3.5, livid: -3.5,
  unhappy: -2.5, dissatisfied: -2.5, unsatisfied: -2, confusing: -1.5, unorganized: -2, disorganized: -2,
  disorganised: -2, incorrect: -2, wrong: -2, mistake: -2, mistakes: -2, error: -1.5, errors: -1.5,
  problem: -1.5, problems: -1.5, issue: -1, issues: -1.5, complaint: -1.5, complaints: -1.5, complain: -1.5,
  excuse: -1.5, excuses: -2, waited: -1, smh: -1.5, wtf: -2,
  // Verbs that are only telling when negated ("never answered", "didn't fix"); see NEGATED_VALUES.
  answered: 0.5, answer: 0, answers: 0, responded: 0.5, respond: 0, replied: 0.5, reply: 0, called: 0,
  acknowledged: 0.5, listened: 1, listen: 0.5, explained: 1, informed: 0.5, fixed: 1, resolved: 1.5,
  honored: 1, honor: 1, honoured: 1, refunded: 1, refund: -0.5, wait: 0, cared: 0, care: 0,
};

/**
 * What a word is worth inside a negation scope when the default flip (−0.75× for
 * positives, −0.4× for negatives) is wrong: "not bad" is mild praise, "no pressure"
 * and "never disappoints" are strong praise, "never answered" is a complaint.
 */
export const NEGATED_VALUES: Readonly<Record<string, number>> = {
  like: -2, liked: -2, likes: -2, bad: 1.5, pressure: 2, pushy: 2, hassle: 2, problem: 1.5, problems: 1.5, issue: 1.5, issues: 1.5,
  complaint: 2, complaints: 2, complain: 2, disappoint: 2.5, disappoints: 2.5, disappointed: 2,
  disappointing: 1.5, wrong: 1.5, regret: 2.5, regretted: 2.5, worry: 1.5, wait: 1.5, waited: 1.5, rushed: 1.5,
  recommend: -2.5, recommended: -2.5, worth: -2.5, answered: -2.5, answer: -2, answers: -2, responded: -2.5,
  respond: -2, replied: -2.5, reply: -2, called: -2, acknowledged: -2, listened: -2.5, listen: -2,
  explained: -2, informed: -2, fixed: -2.5, resolved: -2.5, honored: -3, honor: -2.5, honoured: -3,
  refunded: -2.5, refund: -2, cared: -2.5, care: -2.5, waste: -2, wasted: -2, helped: -2, help: -1.5,
  apologize: -2.5, apologized: -2.5, apologised: -2.5, best: -1.5, greatest: -1.5,
};
