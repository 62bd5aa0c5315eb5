import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './score';

const s = (text: string): number => scoreSentiment(text).score;

describe('scoreSentiment: basics', () => {
  it('scores plain opinions and stays in [-1, 1]', () => {
    expect(s('The staff were friendly.')).toBeGreaterThan(0.3);
    expect(s('They were rude.')).toBeLessThan(-0.3);
    const extreme = s('Amazing amazing amazing amazing amazing amazing amazing amazing!!!');
    expect(extreme).toBeGreaterThan(0.9);
    expect(extreme).toBeLessThan(1);
    expect(s('Horrible terrible awful disgusting worst')).toBeGreaterThan(-1);
  });

  it('is neutral 0 for text without opinion words, and for empty text', () => {
    expect(scoreSentiment('We ordered the soup.')).toMatchObject({ score: 0, label: 'neutral', positives: 0, negatives: 0 });
    expect(scoreSentiment('')).toMatchObject({ score: 0, label: 'neutral', sentences: [] });
  });

  it('reports each sentence with its own score', () => {
    const r = scoreSentiment('The food was great. The parking was terrible.');
    expect(r.sentences.map((x) => x.text)).toEqual(['The food was great.', 'The parking was terrible.']);
    expect(r.sentences[0]!.score).toBeGreaterThan(0);
    expect(r.sentences[1]!.score).toBeLessThan(0);
    expect([r.positives, r.negatives]).toEqual([1, 1]);
  });

  it('treats lukewarm words as weak', () => {
    expect(scoreSentiment('It was okay.').label).toBe('neutral');
    expect(s('It was fine.')).toBeLessThan(s('It was good.'));
    expect(s('It was good.')).toBeLessThan(s('It was excellent.'));
  });
});

describe('negation', () => {
  it('flips positives with not, never, n\'t and apostrophe-less forms', () => {
    for (const t of ['The staff were not friendly.', "The staff weren't friendly.", 'The staff were never friendly.', 'The staff werent friendly.']) {
      expect(s(t)).toBeLessThan(0);
    }
  });

  it('turns negated negatives into mild praise, weaker than the original', () => {
    expect(s('It was not terrible.')).toBeGreaterThan(0);
    expect(s('It was not terrible.')).toBeLessThan(Math.abs(s('It was terrible.')));
    expect(s('We left without a problem.')).toBeGreaterThan(0);
  });

  it('reaches past function words and opinion verbs, but stops at a comma or a contrast', () => {
    expect(s("I don't think the car was worth it.")).toBeLessThan(0);
    expect(s('Not cheap, but excellent.')).toBeGreaterThan(0);
    expect(s('No complaints, friendly staff.')).toBeGreaterThan(0);
  });

  it('has a limited window', () => {
    expect(s('Not once in our twenty visits to this lovely diner')).toBeGreaterThan(0);
  });

  it('knows expressions whose negation means something specific', () => {
    expect(s('Not bad.')).toBeGreaterThan(0);
    expect(s('No pressure at all.')).toBeGreaterThan(0);
    expect(s('The salesman was not pushy.')).toBeGreaterThan(0);
    expect(s('Never disappoints.')).toBeGreaterThan(0.3);
    expect(s('No problem getting a table.')).toBeGreaterThan(0);
    expect(s('They never called me back.')).toBeLessThan(-0.4);
    expect(s('Nobody answered the phone.')).toBeLessThan(-0.3);
    expect(s('I would not recommend them.')).toBeLessThan(-0.3);
    expect(s('Not worth the money.')).toBeLessThan(-0.3);
  });

  it('does not treat "not only" or "no doubt" as negation', () => {
    expect(s('Not only friendly but also fast.')).toBeGreaterThan(0.3);
    expect(s('Without a doubt the best.')).toBeGreaterThan(0.3);
  });
});

describe('degree words', () => {
  it('intensifiers strengthen and diminishers weaken', () => {
    const plain = s('The coffee was good.');
    expect(s('The coffee was very good.')).toBeGreaterThan(plain);
    expect(s('The coffee was extremely good.')).toBeGreaterThan(s('The coffee was very good.'));
    expect(s('The coffee was slightly good.')).toBeLessThan(plain);
    expect(s('The coffee was kind of good.')).toBeLessThan(plain);
    expect(s('The coffee was a bit cold.')).toBeGreaterThan(s('The coffee was cold.') * 1.01);
  });

  it('an intensifier under negation softens ("not very good" is milder than "not good")', () => {
    expect(s('The coffee was not very good.')).toBeLessThan(0);
    expect(s('The coffee was not very good.')).toBeGreaterThan(s('The coffee was not good.'));
  });

  it('a degree word on its own can carry a value ("super")', () => {
    expect(s('The staff were super.')).toBeGreaterThan(0.3);
    expect(s('They were super helpful.')).toBeGreaterThan(s('They were helpful.'));
  });

  it('"too" turns mild qualities into complaints but leaves strong praise alone', () => {
    expect(s('Too expensive.')).toBeLessThan(0);
    expect(s('The wait was too long.')).toBeLessThan(0);
    expect(s('Way too sweet.')).toBeLessThan(0);
    expect(s('Too good to be true.')).toBeGreaterThan(0);
  });
});

describe('contrast', () => {
  it('weights the clause after "but" more than the one before', () => {
    expect(s('The food was good but the service was slow.')).toBeLessThan(0);
    expect(s('The service was slow but the food was good.')).toBeGreaterThan(0);
  });

  it('carries "However" across sentences', () => {
    expect(s('The food was good. However, the service was slow.')).toBeLessThan(0);
    expect(s('The food was good. The service was slow.')).toBeGreaterThan(s('The food was good. However, the service was slow.'));
  });

  it('discounts a concession ("although …")', () => {
    expect(s('Although the service was slow, the food was good.')).toBeGreaterThan(0);
    expect(s('Although the food was good, the service was awful.')).toBeLessThan(0);
  });

  it('does not discount when nothing opinionated follows the contrast', () => {
    expect(s('Best pizza in town yet')).toBe(s('Best pizza in town'));
  });
});

describe('emphasis', () => {
  it('capitals in normal text emphasise, an all-caps review does not', () => {
    expect(s('The food was GOOD.')).toBeGreaterThan(s('The food was good.'));
    expect(s('THE FOOD WAS GOOD.')).toBeCloseTo(s('The food was good.'), 6);
  });

  it('exclamation marks strengthen, up to three', () => {
    expect(s('The food was good!')).toBeGreaterThan(s('The food was good.'));
    expect(s('The food was good!!!')).toBeGreaterThan(s('The food was good!'));
    expect(s('The food was good!!!!!!')).toBeCloseTo(s('The food was good!!!'), 6);
    expect(s('The food was bad!!!')).toBeLessThan(s('The food was bad.'));
  });

  it('elongated words count as the word', () => {
    expect(s('sooooo goooood')).toBeGreaterThan(0.4);
  });
});

describe('emoji and emoticons', () => {
  it('have their own polarity, skin tones and variation selectors ignored', () => {
    expect(s('Food 😍')).toBeGreaterThan(0.3);
    expect(s('Food 😡')).toBeLessThan(-0.3);
    expect(s('👍🏾')).toBeGreaterThan(0);
    expect(s('❤️❤️')).toBeGreaterThan(0.5);
    expect(s('Food :)')).toBeGreaterThan(0);
    expect(s('Food :(')).toBeLessThan(0);
    expect(s('Service 👎')).toBeLessThan(0);
  });
});

describe('review vocabulary', () => {
  it('knows complaint expressions', () => {
    for (const t of [
      'The salesman was pushy.', 'They ripped me off.', 'Hidden fees everywhere.', 'We waited hours for a table.',
      'Never again.', "Won't be back.", 'Bait and switch.', 'What a waste of time.', 'Thanks for nothing.',
      'Nothing special.', 'It could have been better.', 'The car is a lemon.', 'Overpriced and bland.', 'One star.',
    ]) expect(s(t), t).toBeLessThan(-0.2);
  });

  it('knows praise expressions', () => {
    for (const t of [
      'They went above and beyond.', 'I highly recommend them.', "Can't recommend them enough.", 'Will definitely be back!',
      "Couldn't be happier.", 'Worth every penny.', 'Top notch service.', 'Hassle-free purchase.', "Can't wait to come back.",
      'Five stars!', 'The process was seamless.', 'Our server was attentive.',
    ]) expect(s(t), t).toBeGreaterThan(0.2);
  });

  it('reads "like" as a verb but not as a comparison', () => {
    expect(s('I like this place.')).toBeGreaterThan(0);
    expect(s("I didn't like the food.")).toBeLessThan(0);
    expect(s('It was like a zoo.')).toBe(0);
  });
});

describe('labels', () => {
  it('labels strong praise and strong complaint together as mixed', () => {
    expect(scoreSentiment('The food was great. The service was terrible.').label).toBe('mixed');
    expect(scoreSentiment('Amazing food but horrible service.').label).toBe('mixed');
  });

  it('does not call a glowing review with a small aside mixed', () => {
    expect(scoreSentiment('Great food, great drinks, great staff. Parking was a little tight.').label).toBe('positive');
  });

  it('uses positive, negative and neutral otherwise', () => {
    expect(scoreSentiment('Great place.').label).toBe('positive');
    expect(scoreSentiment('Awful place.').label).toBe('negative');
    expect(scoreSentiment('We went on Tuesday.').label).toBe('neutral');
  });
});

describe('long text', () => {
  it('scores only the first part of enormous text and says so', () => {
    const r = scoreSentiment('Great service. '.repeat(1000), { maxChars: 300 });
    expect(r.truncated).toBe(true);
    expect(r.sentences.length).toBe(20);
    expect(scoreSentiment('Great service.').truncated).toBeUndefined();
  });
});
