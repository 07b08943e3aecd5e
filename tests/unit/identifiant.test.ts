import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldToAsciiLetters, identifiantBase, identifiantFor } from '@/lib/accounts/identifiant';

describe('identifiant (DESIGN.md §6)', () => {
  it('première lettre du prénom, un point, le nom, en minuscules', () => {
    expect(identifiantBase('Guillaume', 'ZOUMN')).toBe('g.zoumn');
  });
  it('retire les accents, les cédilles et les ligatures', () => {
    expect(identifiantBase('Éloïse', 'ÇELIK')).toBe('e.celik');
    expect(identifiantBase('Zoé', 'LEFÈVRE')).toBe('z.lefevre');
    expect(identifiantBase('Anaïs', 'MÜLLER')).toBe('a.muller');
    expect(identifiantBase('Œdipe', 'CŒUR')).toBe('o.coeur');
    // Letters from outside French, the marks dropped as in the search (DECISIONS).
    expect(identifiantBase('Łukasz', 'ŞAHIN')).toBe('l.sahin');
    expect(identifiantBase('Yıldız', 'DVOŘÁK')).toBe('y.dvorak');
    expect(identifiantBase('Øyvind', 'NGUYỄN')).toBe('o.nguyen');
  });
  it('le raccourci ASCII donne les lettres du pliage complet', () => {
    const full = (s: string) =>
      s
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/æ/gi, 'ae')
        .replace(/œ/gi, 'oe')
        .replace(/ß/g, 'ss')
        .toLowerCase()
        .replace(/[^a-z]/g, '');
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        expect(foldToAsciiLetters(s)).toBe(full(s));
      }),
    );
    expect(foldToAsciiLetters('Maël-Zoé')).toBe(full('Maël-Zoé'));
  });
  it('retire apostrophes, traits d’union, espaces et particules collées', () => {
    expect(identifiantBase('Océane', "N'DIAYE")).toBe('o.ndiaye');
    expect(identifiantBase('Jean-Pierre', 'DE LA FONTAINE')).toBe('j.delafontaine');
    expect(identifiantBase('Marie-Hélène', 'DUPONT-MOREAU')).toBe('m.dupontmoreau');
    expect(identifiantBase('Liam', "O'BRIEN")).toBe('l.obrien');
  });
  it('garde une base lisible quand le nom ou le prénom manquent de lettres', () => {
    expect(identifiantBase('', 'MARTIN')).toBe('x.martin');
    expect(identifiantBase('Paul', '---')).toBe('p.responsable');
  });
  it('les homonymes reçoivent un numéro, jamais deux fois le même', () => {
    const base = identifiantBase('Guillaume', 'REABU');
    expect([0, 1, 2, 5].map((n) => identifiantFor(base, n))).toEqual(['g.reabu', 'g.reabu1', 'g.reabu2', 'g.reabu5']);
  });
  it('une base ne contient que des lettres et un point : base + numéro ne peut pas être une autre base', () => {
    expect(foldToAsciiLetters('Ñoño 2e')).toBe('nonoe');
    expect(/^[a-z]\.[a-z]+$/.test(identifiantBase('Ñoño', "D'Estaing 2"))).toBe(true);
  });
});
