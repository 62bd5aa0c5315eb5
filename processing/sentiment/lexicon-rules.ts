/**
 * Multi-word expressions and function words that steer scoring. Patterns use the
 * syntax of processing/text/patterns.ts ("a|b" alternatives, "x?" optional,
 * "word*" prefix, "_" joins words inside an alternative: "could_not").
 */

/** [pattern, value, value when negated?]. Values are on AFINN's −5…+5 scale. */
export type PhraseRule = readonly [pattern: string, value: number, negated?: number];

export const PHRASES: readonly PhraseRule[] = [
  // Coming back, or not: the clearest verdict a review gives.
  ['be back', 2.5, -3],
  ['come|coming back', 2, -3],
  ['go|going back', 1.5, -3],
  ['return|returning', 0, -2.5],
  ['eat*|dine|dining|order*|shop*|buy*|stay*|visit*|use|using|go|come|coming here|there|from_them|with_them? again', 2, -3],
  ['back again|again_and_again', 2, -3],
  ['never again', -3.5],
  ['first and last time', -3],
  // Recommendations.
  ['highly|strongly|totally|definitely recommend*', 3.5, -3],
  ["can't|cannot|couldn't|can_not recommend *? *? enough", 4],
  ["can't|cannot|couldn't say enough", 3.5],
  ["couldn't|could_not|can't|cannot|can_not be|have_been happier|better|more_pleased|more_satisfied|more_happy", 3.5],
  ["couldn't|could_not|can't|cannot ask for a? better|more", 3],
  ["can't|cannot|could_not|couldn't go wrong", 2.5],
  ["can't|cannot wait", 2],
  ['five|5 star*', 2.5],
  ['four|4 star*', 1.5],
  ['two|2 star*', -1.5],
  ['one|1|zero|0|no star*', -3],
  ['thumbs up', 2],
  ['thumbs down', -2.5],
  ['a must', 2.5],
  ['must try|visit', 2.5],
  ['my|our|their go to', 2.5],
  // Praise idioms.
  ['above and beyond', 3.5],
  ['extra mile', 3],
  ['went|go|goes|going|gone out of his|her|their|its|our way', 3],
  ['blown|blew away', 3.5],
  ['exceed*|surpass* my|our|all? expectations', 3],
  ['met|meet|meets my|our|all? expectations', 1, -2],
  ['top notch|shelf', 3.5],
  ['first|world class|rate', 3],
  ['second to none', 3.5],
  ['on point', 2.5],
  ['spot on', 2.5],
  ['to die for', 3.5],
  ['hit the spot', 2.5],
  ['melt* in * mouth', 3],
  ['worth every penny|cent|dime', 3.5],
  ['worth the wait|drive|trip|price|money', 2.5, -2.5],
  ['well worth', 3, -2.5],
  ['a steal', 2.5],
  ['hassle|stress|pain|worry|trouble|headache free', 2.5],
  ['no nonsense', 1.5],
  ['low pressure', 1.5],
  ['took|take|takes|taking care of', 1.5, -2.5],
  ['shout out', 1.5],
  ['on time|schedule', 1, -2],
  ['kept|keeps|keep me|us|everyone informed|updated|posted|in_the_loop', 2, -2.5],
  ['hats off', 2.5],
  // Complaints.
  ['ripped|rip|ripping|rips me|us|you|them|people|customers|everyone? off', -3.5],
  ['bait and switch', -3.5],
  ['hidden fee*|charge*|cost*', -3],
  ['junk fee*', -3],
  ['nickel and dime*', -3],
  ['high pressure', -2.5],
  // Price level: "high" and "low" are opinions only next to a price.
  ['high|higher|steep price*|pricing|rate|rates|fees', -1.5],
  ['price*|pricing|rate|rates|fees are|were|is|was|seem|seemed a_bit|a_little|quite|very|too|so|way|pretty|much? high|higher|steep', -1.5],
  ['than quoted|advertised|promised|agreed|expected', -1],
  ['low price*|pricing|rates|fees', 1.5],
  ['price*|pricing|rates|fees are|were|is|was very|pretty|quite? low', 1],
  ['took|take|takes|taking forever|ages', -2.5],
  ['wait*|waited for? over|almost|nearly? an|a|two|three? hour*|forever|ages', -2.5],
  ['wait*|waited for? over|almost|nearly|about|around? * minutes|mins|min|hours|hrs', -1.5],
  ['long wait*', -1.5],
  ['no wait', 1.5],
  ['waste of time|money|space', -3.5],
  ["don't|do_not waste your|ur time|money", -3],
  ['show*|showed up', 0, -3],
  ['call|calls|called|calling me|us|him|her? back', 0.5, -3],
  ['return*|answer* my|our|any? call*|email*|message*|text*', 1, -3],
  ['get|gets|got|getting back to me|us', 1, -3],
  ['follow*|followed up|through', 1, -2.5],
  ['hung up', -2.5],
  ['on hold', -1.5],
  ['sent to voicemail', -2],
  ['forgot|forget|forgets|forgetting to', -2],
  ['stay|steer away|clear', -3.5],
  ['buyer beware', -3.5],
  ['thanks|thank_you for nothing', -3],
  ['hit or|and miss', -1.5],
  ['nothing special|spectacular|memorable', -1.5],
  ['nothing to write home about', -1.5],
  ['to be desired', -2.5],
  ['no|zero flavor*|flavour*|taste|seasoning', -2],
  ['too bad', -1.5],
  ["not|isn't|wasn't|aren't|weren't|never too|that|so? bad", 1.5],
  ["could've|could_have|should've|should_have|would've|would_have been better|nicer", -1.5],
  ['could|should be better|improved', -1],
  ['needs|need improvement|work', -1.5],
  ['room for improvement', -1],
  ['let|lets down', -2],
  ['a joke', -2.5],
  ['over priced|cooked|rated', -2.2],
  ['under cooked|whelming', -2],
  ['sub par', -2.5],
  ['what a joke', -2.5],
  ['piece of crap|junk|garbage', -3.5],
  // Phrases that must not be read word by word.
  ['felt|feel|feels|look|looks|looked|tasted|taste|tastes|seem|seems|seemed|smelled|smells|sound|sounds|sounded like', 0],
  ['just|more|something|anything|nothing|exactly|kinda|kind_of|sort_of like', 0],
  ["was|were|is|are|it's|its|be|looked|look like", 0],
  ['like a|an', 0],
  ["would|i'd|we'd|you'd like|love", 0],
  ['help desk', 0],
];

/** Words and phrases that open a negation scope. Any word ending in "n't" does too. */
export const NEGATORS: readonly string[] = [
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'neither', 'nor', 'without', 'cannot', 'cant', 'dont', 'doesnt',
  'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wont', 'wouldnt', 'couldnt', 'shouldnt', 'hasnt', 'havent', 'hadnt',
  'aint', 'hardly', 'barely', 'scarcely', 'rarely', 'seldom', 'nowhere', 'zero', 'no one', 'anything but',
  'far from', 'fail|fails|failed|failing to', 'refuse|refuses|refused|refusing to', 'unable|unwilling to',
];

/**
 * Function words and verbs of opinion do not use up the negation window, so
 * "I don't think the car was worth it" still negates "worth".
 */
export const NEGATION_TRANSPARENT: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'it', 'this', 'that', 'these', 'those', 'was', 'were', 'is', 'are', 'be', 'been', 'being', 'am',
  'i', 'you', 'he', 'she', 'we', 'they', 'my', 'your', 'his', 'her', 'our', 'their', 'its', 'me', 'us', 'them',
  'think', 'thought', 'say', 'said', 'feel', 'felt', 'believe', 'find', 'found', 'would', 'will', 'could', 'should',
  'do', 'did', 'does', 'have', 'has', 'had', 'get', 'got', 'ever', 'even', 'any', 'all', 'at',
]);

/** Negation-looking phrases that negate nothing. */
export const NOT_NEGATIONS: readonly string[] = [
  'not only', 'not just', 'no doubt', 'without a doubt', 'no wonder', 'no matter', 'nothing but', 'never mind',
];

/**
 * Degree words multiply the next sentiment word within two tokens. `alone` is
 * their own value when no sentiment word follows ("the staff were super").
 */
export const MODIFIERS: Readonly<Record<string, { factor: number; alone?: number }>> = {
  very: { factor: 1.3 }, really: { factor: 1.25 }, so: { factor: 1.25 }, extremely: { factor: 1.5 },
  incredibly: { factor: 1.5, alone: 2 }, exceptionally: { factor: 1.5, alone: 2 }, absolutely: { factor: 1.4 },
  totally: { factor: 1.3 }, completely: { factor: 1.3 }, utterly: { factor: 1.5 }, truly: { factor: 1.3 },
  super: { factor: 1.3, alone: 2.5 }, highly: { factor: 1.3 }, most: { factor: 1.2 }, especially: { factor: 1.2 },
  particularly: { factor: 1.15 }, remarkably: { factor: 1.3 }, insanely: { factor: 1.5 },
  ridiculously: { factor: 1.4 }, such: { factor: 1.2 }, quite: { factor: 1.1 }, pretty: { factor: 0.9, alone: 1 },
  fairly: { factor: 0.8 }, rather: { factor: 0.9 }, somewhat: { factor: 0.6 }, slightly: { factor: 0.5 },
  mildly: { factor: 0.6 }, marginally: { factor: 0.5 }, kinda: { factor: 0.6 }, sorta: { factor: 0.6 },
  'kind of': { factor: 0.6 }, 'sort of': { factor: 0.6 }, 'a bit': { factor: 0.6 }, 'a little': { factor: 0.6 },
  'a little bit': { factor: 0.6 }, 'a tad': { factor: 0.6 }, way: { factor: 1.3 }, much: { factor: 1.2 },
  definitely: { factor: 1.2 }, certainly: { factor: 1.1 }, seriously: { factor: 1.2 }, genuinely: { factor: 1.2 },
  beyond: { factor: 1.3 }, damn: { factor: 1.3, alone: -2 }, fucking: { factor: 1.4, alone: -2 },
  freaking: { factor: 1.3 }, friggin: { factor: 1.3 }, hella: { factor: 1.3 },
};

/**
 * "too"/"overly" turn a mild quality into a complaint ("too sweet", "too long"):
 * a following positive word up to this value becomes −1, a neutral word from
 * TOO_WORDS becomes −1, a negative word is strengthened, a strong positive
 * ("too good to be true") is left alone.
 */
export const TOO_FLIP_MAX = 2;
export const TOO = ['too', 'overly'] as const;
export const TOO_WORDS: ReadonlySet<string> = new Set([
  'long', 'much', 'many', 'small', 'big', 'large', 'expensive', 'pricey', 'salty', 'sweet', 'spicy', 'dark', 'hot',
  'busy', 'crowded', 'far', 'late', 'early', 'high', 'short', 'heavy', 'thick', 'thin', 'dry', 'hard', 'soft',
  'little', 'few', 'strong', 'weak', 'bright', 'tight', 'fast', 'quick', 'rich', 'oily', 'sour', 'bitter',
  'cold', 'warm', 'greasy', 'loud', 'noisy', 'slow', 'cheesy', 'fatty', 'tough', 'crispy', 'small', 'tiny',
  'pushy', 'aggressive', 'eager', 'complicated', 'costly', 'steep', 'full', 'packed', 'rushed',
]);

/** "but"-like words: the clause after them counts more, the one before less. */
export const CONTRASTS: readonly string[] = ['but', 'however', 'yet', 'nevertheless', 'nonetheless'];
/** Concessions: the clause they open counts less ("Although the food was good, …"). */
export const CONCESSIONS: readonly string[] = ['although', 'though', 'even though', 'despite', 'in spite of', 'albeit', 'even if'];
/** Not contrasts despite the word. */
export const NOT_CONTRASTS: readonly string[] = ['but also', 'all but', 'help but'];

/** A small emoji and emoticon table of our own; skin tones and variation selectors are stripped before lookup. */
export const EMOJI: Readonly<Record<string, number>> = {
  '😍': 3, '🥰': 3, '🤩': 3, '😊': 2, '🙂': 1, '😀': 2, '😃': 2, '😄': 2, '😁': 2, '😆': 1.5, '😂': 1, '🤣': 1,
  '😋': 2.5, '😎': 1.5, '😘': 2, '😇': 2, '🥳': 2, '❤': 3, '♥': 3, '💕': 3, '💖': 3, '💗': 3, '💯': 2.5, '👍': 2,
  '👌': 2, '👏': 2, '🙌': 2, '🔥': 2, '⭐': 1.5, '🌟': 2, '✨': 1.5, '🎉': 2, '🙏': 1.5, '💪': 1.5, '🤤': 2,
  '👎': -2.5, '😡': -3, '😠': -3, '🤬': -3.5, '😤': -2, '😞': -2, '😔': -2, '😢': -2, '😭': -1.5, '😩': -1.5,
  '😫': -2, '🤢': -3, '🤮': -3.5, '💩': -3, '😒': -2, '🙄': -2, '😕': -1.5, '🙁': -2, '☹': -2, '😬': -1,
  '😐': -0.5, '😑': -1, '🤦': -2, '💔': -2.5, '😱': -1.5, '😖': -2, '😣': -1.5,
  ':)': 2, ':-)': 2, '=)': 2, ':d': 2.5, ':-d': 2.5, ';)': 1.5, ';-)': 1.5, ':p': 1, '<3': 2.5, '(:': 2,
  ':(': -2, ':-(': -2, '=(': -2, ":'(": -2, ':/': -1, ':-/': -1, ':|': -0.5,
};
