/** The guide's date formats (lib/format.ts), on the académie's wall clock (Paris by default). */
import { describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime } from '@/lib/format';
import { formatMobile } from '@/lib/phone';

/** The Paris date as Intl gives it, asked afresh each time. */
const parisDate = (d: Date) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}-${p.month}-${p.year}`;
};

describe('formatDate', () => {
  it('écrit la date de Paris comme le guide (JJ-MM-AAAA)', () => {
    expect(formatDate(new Date('2018-07-09T10:00:00Z'))).toBe('09-07-2018');
    // 23 h 30 à Paris en hiver, 0 h 30 le lendemain en été.
    expect(formatDate(new Date('2026-01-15T22:30:00Z'))).toBe('15-01-2026');
    expect(formatDate(new Date('2026-07-15T22:30:00Z'))).toBe('16-07-2026');
  });

  it('donne la date de Paris à chaque minute autour des minuits et des changements d’heure', () => {
    const around = [
      '2026-03-28T22:00:00Z', // minuit d'hiver, veille du passage à l'heure d'été
      '2026-03-29T00:00:00Z', // passage à l'heure d'été (01:00 UTC)
      '2026-03-29T21:00:00Z', // premier minuit d'été
      '2026-10-24T21:00:00Z', // dernier minuit d'été
      '2026-10-25T00:00:00Z', // retour à l'heure d'hiver (01:00 UTC)
      '2026-10-25T22:00:00Z', // premier minuit d'hiver
      '2026-12-31T22:00:00Z', // changement d'année
    ];
    for (const start of around) {
      for (let m = 0; m < 180; m++) {
        const d = new Date(Date.parse(start) + m * 60_000 + 17_000);
        expect(formatDate(d), d.toISOString()).toBe(parisDate(d));
      }
    }
  });

  it('une date très ancienne est écrite exactement, sans passer par la mémoire des heures', () => {
    const d = new Date('1900-01-01T23:55:00Z'); // Paris : heure de Paris (+0:09:21), le 2 janvier
    expect(formatDate(d)).toBe(parisDate(d));
    expect(formatDateTime(new Date('2026-03-29T01:30:00Z'))).toBe('29-03-2026 03:30:00');
  });
});

describe('le fuseau de l’académie (EDUCONNECT_TIME_ZONE)', () => {
  /** lib/format.ts as a process started with this zone reads it. */
  async function formatIn(zone: string | undefined) {
    vi.resetModules();
    const before = process.env.EDUCONNECT_TIME_ZONE;
    if (zone === undefined) delete process.env.EDUCONNECT_TIME_ZONE;
    else process.env.EDUCONNECT_TIME_ZONE = zone;
    try {
      return await import('@/lib/format');
    } finally {
      if (before === undefined) delete process.env.EDUCONNECT_TIME_ZONE;
      else process.env.EDUCONNECT_TIME_ZONE = before;
    }
  }

  it('La Réunion, la Guadeloupe, la Guyane : dates et heures à leur horloge ; Paris par défaut', async () => {
    // 21 h 30 UTC : 22 h 30 à Paris, 1 h 30 le lendemain à La Réunion, 17 h 30 en Guadeloupe.
    const d = new Date('2026-12-04T21:30:00Z');
    expect((await formatIn(undefined)).formatDateTime(d)).toBe('04-12-2026 22:30:00');
    const reunion = await formatIn('Indian/Reunion');
    expect(reunion.TIME_ZONE).toBe('Indian/Reunion');
    expect(reunion.formatDateTime(d)).toBe('05-12-2026 01:30:00');
    expect(reunion.formatDate(d)).toBe('05-12-2026');
    expect(reunion.formatFileStamp(d)).toBe('20261205013000');
    expect((await formatIn('America/Guadeloupe')).formatDate(new Date('2026-12-05T03:30:00Z'))).toBe('04-12-2026');
    expect((await formatIn('America/Cayenne')).formatTime(d)).toBe('18:30:00');
    // An unknown name (refused at the start of the service) falls back to Paris here.
    expect((await formatIn('Europe/Atlantide')).TIME_ZONE).toBe('Europe/Paris');
  });

  it('la date de chaque minute autour des minuits, dans un fuseau à heures entières ou non', async () => {
    for (const zone of ['Indian/Reunion', 'America/Martinique', 'Asia/Kolkata']) {
      const f = await formatIn(zone);
      const expected = (d: Date) => {
        const p = Object.fromEntries(
          new Intl.DateTimeFormat('fr-FR', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
            .formatToParts(d)
            .map((x) => [x.type, x.value]),
        );
        return `${p.day}-${p.month}-${p.year}`;
      };
      for (let m = 0; m < 24 * 60; m += 7) {
        const d = new Date(Date.parse('2026-12-04T00:00:00Z') + m * 60_000 + 13_000);
        expect(f.formatDate(d), `${zone} ${d.toISOString()}`).toBe(expected(d));
      }
    }
  });
});

describe('formatMobile', () => {
  it('écrit un numéro français comme on le lit, un numéro étranger avec son indicatif', () => {
    expect(formatMobile('+33612345678')).toBe('06 12 34 56 78');
    expect(formatMobile('+33740008372')).toBe('07 40 00 83 72');
    // La Réunion et la Guadeloupe sont dans le plan de numérotation français.
    expect(formatMobile('+262692123456')).toBe('0692 12 34 56');
    expect(formatMobile('+590690123456')).toBe('0690 12 34 56');
    expect(formatMobile('+32470123456')).toBe('+32 470 12 34 56');
    // Ce qui ne se lit pas comme un numéro est montré tel quel.
    expect(formatMobile('inconnu')).toBe('inconnu');
  });
});
