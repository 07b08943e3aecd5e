/**
 * fold_text(), the SQL fold behind the accent- and case-insensitive search and the stored name
 * keys: its short cut for ASCII text must give what the full fold gives.
 */
import { describe, expect, it } from 'vitest';
import { useTestClient } from '@/tests/support/pg-client';

const db = useTestClient();

/** The fold of non-ASCII text (migration 20261129060000_fold_text_all_letters), without the ASCII short cut. */
const FULL = `trim(regexp_replace(
  replace(replace(replace(replace(replace(
    translate(lower(regexp_replace(normalize(t, NFD), '[\\u0300-\\u036f]+', '', 'g')), 'øØłŁđĐıħĦ', 'oollddihh'),
    'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'),
  '[^a-z0-9]+', ' ', 'g'))`;

describe('fold_text', () => {
  it('plie accents, ligatures, casse et ponctuation', async () => {
    const cases: [string | null, string | null][] = [
      ['Élodie', 'elodie'],
      ["N'DIAYE", 'n diaye'],
      ['  Jean--Baptiste  ', 'jean baptiste'],
      ['CŒUR', 'coeur'],
      ['Lætitia', 'laetitia'],
      ['Maël-Zoé', 'mael zoe'],
      ['REABU', 'reabu'],
      ['CE1 A', 'ce1 a'],
      ['Ÿves', 'yves'],
      // Letters outside French: a director types them without their marks.
      ['ŞAHIN', 'sahin'],
      ['Łukasz', 'lukasz'],
      ['Ștefan Țurcanu', 'stefan turcanu'],
      ['Nguyễn Thị Ánh', 'nguyen thi anh'],
      ['Dvořák', 'dvorak'],
      ['Ørsted', 'orsted'],
      ['Straße', 'strasse'],
      ['Yıldız', 'yildiz'],
      ['!!!', ''],
      ['', ''],
      [null, null],
    ];
    const { rows } = await db().query<{ t: string | null; f: string | null }>(
      'select t, fold_text(t) as f from unnest($1::text[]) t',
      [cases.map((c) => c[0])],
    );
    expect(rows.map((r) => [r.t, r.f])).toEqual(cases);
  });

  it('le raccourci ASCII donne ce que donne le pliage complet', async () => {
    // Every printable ASCII character, alone and in names, and a few mixed strings.
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    const samples = [...ascii, ...ascii.map((c) => `Ab${c}Cd ${c}`), 'DUPONT-MARTIN', "O'Neil", ' a  b ', 'É', 'aé'];
    const { rows } = await db().query<{ t: string; short: string; full: string }>(
      `select t, fold_text(t) as short, ${FULL} as full from unnest($1::text[]) t`,
      [samples],
    );
    expect(rows).toHaveLength(samples.length);
    for (const r of rows) expect(r.short, JSON.stringify(r.t)).toBe(r.full);
  });
});
