/**
 * The remembered text layouts of the letters' render threads (letters/text-layout-memo.ts): a
 * paragraph is laid out again whenever anything that decides its lines differs. The pages drawn
 * with and without it are compared in letters-threads.test.ts.
 */
import type { AttributedString, Container } from '@react-pdf/textkit';
import { describe, expect, it } from 'vitest';
import { rememberLayouts } from '@/letters/text-layout-memo';

type Engine = Parameters<typeof rememberLayouts>[0];

/** An engine that counts its calls and answers a new object each time. */
function counting() {
  const calls: string[] = [];
  const engine = ((text: AttributedString) => {
    calls.push(text.string);
    return [[{ string: text.string, runs: [] }]];
  }) as unknown as Engine;
  return { calls, engine };
}

/** Fonts are objects of a class (fontkit's): told apart by identity, never by their contents. */
class Face {
  constructor(readonly name: string) {}
}
const fontA = new Face('Marianne');
const fontB = new Face('Marianne');
const paragraph = (string: string, attributes: Record<string, unknown> = {}): AttributedString =>
  ({
    string,
    runs: [{ start: 0, end: string.length, attributes: { font: [fontA], fontSize: 10, color: '#000', ...attributes } }],
  }) as unknown as AttributedString;
const box = (width = 400, more: Partial<Container> = {}): Container => ({ x: 0, y: 0, width, height: 800, ...more });
const options = () => ({ shrinkWhitespaceFactor: { before: -0.5, after: -0.5 } });

describe('mises en page de paragraphes retenues', () => {
  it('le même paragraphe dans la même boîte : rendu une fois, les mêmes lignes', () => {
    const { calls, engine } = counting();
    const layout = rememberLayouts(engine);
    const first = layout(paragraph('Madame, Monsieur,'), box(), options());
    const again = layout(paragraph('Madame, Monsieur,'), box(), options());
    expect(again).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('un texte, un attribut, une police, une boîte ou une option qui diffère : mis en page à nouveau', () => {
    const { calls, engine } = counting();
    const layout = rememberLayouts(engine);
    layout(paragraph('Identifiant : a.martin1'), box(), options());
    layout(paragraph('Identifiant : a.martin2'), box(), options());
    layout(paragraph('Identifiant : a.martin1', { color: '#000091' }), box(), options());
    layout(paragraph('Identifiant : a.martin1', { link: 'https://exemple.fr' }), box(), options());
    layout(paragraph('Identifiant : a.martin1', { font: [fontB] }), box(), options());
    layout(paragraph('Identifiant : a.martin1'), box(300), options());
    layout(paragraph('Identifiant : a.martin1'), box(400, { maxLines: 1 }), options());
    layout(paragraph('Identifiant : a.martin1'), box(), { ...options(), hyphenationPenalty: 100 });
    expect(calls).toHaveLength(8);
    // Each of them is now remembered.
    layout(paragraph('Identifiant : a.martin1', { font: [fontB] }), box(), options());
    layout(paragraph('Identifiant : a.martin1'), box(300), options());
    expect(calls).toHaveLength(8);
  });

  it('des runs coupés autrement : mis en page à nouveau', () => {
    const { calls, engine } = counting();
    const layout = rememberLayouts(engine);
    const text = paragraph('Mot de passe : AB12CD34');
    const split = {
      string: text.string,
      runs: [
        { ...text.runs[0], end: 15 },
        { ...text.runs[0], start: 15 },
      ],
    } as AttributedString;
    layout(text, box(), options());
    layout(split, box(), options());
    expect(calls).toHaveLength(2);
  });

  it('une boîte avec des formes à contourner : jamais retenue', () => {
    const { calls, engine } = counting();
    const layout = rememberLayouts(engine);
    const around = box(400, { exclusions: [{ x: 0, y: 0, width: 50, height: 50 }] });
    layout(paragraph('Texte'), around, options());
    layout(paragraph('Texte'), around, options());
    expect(calls).toHaveLength(2);
  });

  it('au-delà de ce qu’il garde, le moins récemment servi s’en va', () => {
    const { calls, engine } = counting();
    const layout = rememberLayouts(engine, 2);
    layout(paragraph('un'), box(), options());
    layout(paragraph('deux'), box(), options());
    layout(paragraph('un'), box(), options()); // servi : « deux » est maintenant le plus ancien
    layout(paragraph('trois'), box(), options()); // « deux » s’en va
    layout(paragraph('un'), box(), options());
    layout(paragraph('deux'), box(), options());
    expect(calls).toEqual(['un', 'deux', 'trois', 'deux']);
  });
});
