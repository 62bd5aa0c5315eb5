import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it('returns null for missing, tiny or letter-free text', () => {
    expect(detectLanguage(null)).toEqual({ language: null, confidence: 0 });
    expect(detectLanguage('')).toEqual({ language: null, confidence: 0 });
    expect(detectLanguage('ok')).toEqual({ language: null, confidence: 0 });
    expect(detectLanguage('👍👍👍 !!! 10/10')).toEqual({ language: null, confidence: 0 });
  });

  it('recognises short English from its everyday words, where trigrams fail', () => {
    for (const t of ['Great food!', 'Great service, friendly staff', 'Would not recommend']) {
      expect(detectLanguage(t).language).toBe('en');
    }
  });

  it('recognises plain English sentences that trigrams took for Danish or French', () => {
    for (const t of [
      'Nobody called me back after I left three messages.',
      'Service department fixed my brakes the same day, great job. Mike Garcia was our salesperson.',
      'Trade-in value was lower than expected but they explained why. Nina Brown was our salesperson.',
    ]) {
      expect(detectLanguage(t).language).toBe('en');
    }
  });

  it('recognises longer English with high confidence', () => {
    const r = detectLanguage('The salesman was patient and explained every option before we signed the paperwork.');
    expect(r.language).toBe('en');
    expect(r.confidence).toBeGreaterThan(0.7);
  });

  it('recognises common European languages', () => {
    expect(detectLanguage('Le personnel était très sympathique et la nourriture excellente.').language).toBe('fr');
    expect(detectLanguage('Sehr freundliches Personal und schnelle Lieferung, gerne wieder').language).toBe('de');
    expect(detectLanguage('Muy buena atención, lo recomiendo a todos mis amigos').language).toBe('es');
    expect(detectLanguage('Ottimo servizio, personale gentile e cibo buonissimo').language).toBe('it');
    expect(detectLanguage('Lekker gegeten, vriendelijke bediening en goede prijs').language).toBe('nl');
  });

  it('recognises scripts that carry more per character, even when short', () => {
    expect(detectLanguage('这家餐厅的食物非常好吃，服务也很好').language).toBe('zh');
    expect(detectLanguage('とても美味しかったです。また来ます').language).toBe('ja');
    expect(detectLanguage('음식이 정말 맛있어요').language).toBe('ko');
    expect(detectLanguage('Πολύ καλό φαγητό και εξυπηρέτηση').language).toBe('el');
  });

  it('returns null for short text that is not recognisably English', () => {
    expect(detectLanguage('Tolle Beratung').language).toBeNull();
  });

  it('can be restricted to a set of languages', () => {
    const r = detectLanguage('Le personnel était très sympathique et la nourriture excellente.', { only: ['es', 'it'] });
    expect(['es', 'it']).toContain(r.language);
    expect(detectLanguage('Great food and friendly staff', { only: ['de'] }).language).not.toBe('en');
    expect(detectLanguage('anything at all here', { only: ['xx'] }).language).toBeNull();
  });

  it('always reports ISO 639-1 codes and a confidence in [0, 1]', () => {
    for (const t of ['Rask levering og god service, anbefales til alle', 'Obsługa bardzo miła, jedzenie pyszne, polecam']) {
      const r = detectLanguage(t);
      expect(r.language).toMatch(/^[a-z]{2}$/);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });
});
