/**
 * The birth date a parent types on the portal (first login with the letter, SMS signup, FranceConnect
 * linking): jj/mm/aaaa whatever the browser's language, given to the use cases as AAAA-MM-JJ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthDateField } from '@/app/(portail)/schemas';

const parse = (v: string) => birthDateField.safeParse(v);
const message = (v: string) => {
  const r = parse(v);
  return r.success ? null : r.error.issues[0].message;
};

describe('birthDateField', () => {
  it('lit jj/mm/aaaa, avec ou sans zéros, et les séparateurs qu’on tape', () => {
    for (const typed of [
      '04/09/2018',
      '4/9/2018',
      '04.09.2018',
      '04-09-2018',
      '04 09 2018',
      ' 04/09/2018 ',
      '04092018',
    ]) {
      expect(parse(typed), typed).toEqual({ success: true, data: '2018-09-04' });
    }
  });

  it('lit encore la forme AAAA-MM-JJ qu’envoyait un champ de date', () => {
    expect(parse('2018-09-04')).toEqual({ success: true, data: '2018-09-04' });
  });

  it('le jour avant le mois : 05/08 est le 5 août, pas le 8 mai', () => {
    expect(parse('05/08/2019')).toEqual({ success: true, data: '2019-08-05' });
  });

  it('refuse une date qui n’existe pas, sans la comparer à l’annuaire', () => {
    for (const typed of ['31/02/2019', '29/02/2019', '00/05/2019', '12/13/2019', '32/01/2019', '01/01/1850']) {
      expect(message(typed), typed).toBe(
        "Cette date n'existe pas : vérifiez le jour, le mois et l'année (jj/mm/aaaa).",
      );
    }
    expect(parse('29/02/2020')).toEqual({ success: true, data: '2020-02-29' });
  });

  it('refuse une saisie incomplète ou d’une autre forme, en disant laquelle attendre', () => {
    for (const typed of ['', '04/09/18', '2018/09/04', '4 septembre 2018', '0409218', '04/09/2018/1']) {
      expect(message(typed), typed).toBe(
        'Saisissez la date de naissance au format jj/mm/aaaa, par exemple 14/11/2018.',
      );
    }
  });

  it('toute date réelle écrite jj/mm/aaaa revient telle quelle en AAAA-MM-JJ', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z') }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(parse(`${day}/${m}/${y}`)).toEqual({ success: true, data: iso });
      }),
      { numRuns: 500 },
    );
  });
});
