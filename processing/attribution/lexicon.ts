/**
 * Word lists the name finder uses as evidence, kept as data. All entries are
 * normalised (lowercase, no accents, no apostrophes).
 */

/**
 * Given names that are also everyday words. Seen lowercase without a cue they
 * are words ("grant the loan", "will do"); capitalised at a sentence start they
 * are usually words too ("Will buy again", "Hope this helps").
 */
export const COMMON_WORD_NAMES: ReadonlySet<string> = new Set([
  'grant', 'rich', 'bill', 'will', 'hope', 'joy', 'mark', 'sue', 'drew', 'chase', 'faith',
  'art', 'bob', 'buck', 'carol', 'cash', 'chance', 'chip', 'chuck', 'clay', 'cliff', 'colt',
  'crystal', 'dale', 'dawn', 'dean', 'dick', 'don', 'duke', 'earl', 'frank', 'gene', 'ginger',
  'glen', 'grace', 'guy', 'harmony', 'heather', 'holly', 'hunter', 'iris', 'ivy', 'jack', 'jade',
  'jay', 'jean', 'june', 'april', 'august', 'autumn', 'summer', 'lance', 'lee', 'major', 'mason',
  'max', 'may', 'miles', 'pat', 'penny', 'pearl', 'price', 'ray', 'reed', 'rob', 'rose', 'ruby',
  'rusty', 'sky', 'skip', 'sterling', 'stone', 'sunny', 'tucker', 'ward', 'wade', 'win', 'young',
  'amber', 'angel', 'destiny', 'justice', 'honor', 'patience', 'river', 'storm', 'dusty', 'early',
  'kit', 'al', 'ed', 'mel', 'kay', 'nat', 'deb', 'vic', 'gail', 'bert', 'ken',
  // Brands that are also given names, frequent in dealership reviews ("bought a Mercedes").
  'mercedes', 'lincoln', 'kia', 'royce', 'harley', 'bentley',
]);

/**
 * Frequent words in reviews. A capitalised one right after a first name is not
 * a surname ("Thanks Mike Great job"); none of them is ever fuzzy-matched to a
 * name ("Great" must not become "Grant"); a roster name listed here is treated
 * like a common-word name.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'absolutely', 'after', 'again', 'all', 'also', 'always', 'amazing', 'an', 'and', 'any',
  'anyone', 'are', 'as', 'at', 'awesome', 'bad', 'bank', 'be', 'because', 'before', 'best', 'better',
  'big', 'both', 'but', 'buy', 'by', 'called', 'came', 'can', 'car', 'cars', 'customer', 'dealer',
  'dealership', 'definitely', 'did', 'do', 'done', 'easy', 'even', 'ever', 'every', 'everyone',
  'everything', 'excellent', 'experience', 'extremely', 'fantastic', 'fast', 'finance', 'first', 'for',
  'friendly', 'from', 'get', 'go', 'good', 'got', 'great', 'had', 'happy', 'has', 'have', 'he', 'her',
  'here', 'highly', 'him', 'his', 'home', 'honest', 'how', 'i', 'if', 'in', 'is', 'it', 'job', 'just',
  'knowledgeable', 'like', 'love', 'made', 'make', 'manager', 'me', 'more', 'most', 'my', 'need',
  'never', 'new', 'next', 'nice', 'no', 'not', 'now', 'of', 'on', 'one', 'only', 'or', 'other', 'our',
  'out', 'over', 'patient', 'people', 'please', 'pleasure', 'process', 'professional', 'purchase',
  'quick', 'really', 'recommend', 'sales', 'salesman', 'see', 'service', 'she', 'so', 'staff', 'still',
  'super', 'team', 'than', 'thank', 'thanks', 'that', 'the', 'their', 'them', 'then', 'there', 'they',
  'this', 'time', 'to', 'today', 'truck', 'truly', 'up', 'us', 'used', 'very', 'was', 'way', 'we',
  'well', 'went', 'were', 'what', 'when', 'which', 'who', 'why', 'with', 'wonderful', 'work', 'worst',
  'would', 'wow', 'year', 'years', 'yes', 'you', 'your', 'ok', 'okay', 'overall', 'hello',
  'seven', 'helpful', 'helped', 'horrible', 'terrible', 'awful', 'rude', 'pushy', 'deal', 'price',
  'trade', 'loan', 'lease', 'store', 'branch', 'office', 'call', 'asked', 'ask', 'told', 'said',
]);

/** Single words right before a name that mark it as a person ("Thanks Mike", "Salesman Grant"). */
export const PRECEDING_CUES: ReadonlySet<string> = new Set([
  'thanks', 'thx', 'salesman', 'saleswoman', 'salesperson', 'salesrep', 'rep', 'representative',
  'advisor', 'adviser', 'consultant', 'associate', 'manager', 'agent', 'specialist', 'banker',
  'officer', 'mr', 'mrs', 'ms', 'miss', 'dr', 'dear', 'kudos', 'shoutout', 'congrats',
]);

/** Honorifics: they make a bare surname a name ("Mr. Cortes"). */
export const HONORIFICS: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'dr']);

/** Two-word cues before a name, keyed by the word next to the name: "ask for", "thanks to", "worked with"… */
export const PRECEDING_PAIR_CUES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['for', new Set(['ask', 'asked', 'asking'])],
  ['to', new Set(['thanks', 'out', 'kudos', 'props', 'talk', 'talked', 'spoke', 'shoutout'])],
  ['with', new Set(['worked', 'work', 'working', 'dealt', 'deal', 'dealing', 'spoke', 'talked', 'met'])],
  ['by', new Set(['helped', 'assisted', 'served', 'greeted', 'handled'])],
  ['you', new Set(['thank'])],
  ['from', new Set(['bought', 'purchased', 'leased', 'help'])],
]);

/** Verbs right after a name that mark it as the subject person ("Grant helped us"). */
export const FOLLOWING_CUES: ReadonlySet<string> = new Set([
  'helped', 'helps', 'assisted', 'went', 'took', 'worked', 'answered', 'explained', 'walked', 'showed',
  'handled', 'listened', 'sold', 'found', 'got', 'made', 'did', 'treated', 'greeted', 'called',
  'texted', 'emailed', 'followed', 'stayed', 'knew', 'knows',
]);

/** "was/is/were" followed by one of these also marks a person ("Will was great"). */
export const LINKING_VERBS: ReadonlySet<string> = new Set(['was', 'is', 'were', 'are']);
export const DESCRIPTORS: ReadonlySet<string> = new Set([
  'great', 'awesome', 'amazing', 'excellent', 'fantastic', 'helpful', 'friendly', 'patient',
  'professional', 'wonderful', 'knowledgeable', 'very', 'so', 'super', 'extremely', 'incredibly',
  'the', 'a', 'rude', 'pushy', 'terrible', 'awful', 'horrible', 'unprofessional', 'courteous',
  'polite', 'attentive', 'honest', 'kind', 'fabulous', 'outstanding', 'phenomenal', 'top',
  'all', 'both', 'really', 'always', 'truly',
]);

/** Words that chain names into a list ("Tristan and Brandon"). */
export const NAME_LINKS: ReadonlySet<string> = new Set(['and', 'or', 'plus']);
