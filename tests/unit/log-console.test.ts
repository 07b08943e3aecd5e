/**
 * What Next prints with console.error (a request's failure, with the reference the error page
 * shows) reaches the service's log as one JSON line, without the addresses its message quoted.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_OPTIONS, routeConsoleToLog, withoutAddresses } from '@/lib/log';

const original = { error: console.error, warn: console.warn };
afterEach(() => Object.assign(console, original));

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  routeConsoleToLog(pino(LOG_OPTIONS, sink));
  return lines;
}

describe('la console de Next dans le journal', () => {
  it('une requête en échec : une ligne JSON, sa référence (digest), sans l’adresse de son message', () => {
    const lines = capture();
    const failure = Object.assign(new Error('refus pour jean.dupont@exemple.fr (+33612345678)'), {
      digest: '561496312',
    });
    console.error('⨯', failure); // as Next prints it
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      composant: 'next',
      msg: 'refus pour <adresse> (<numéro>)',
      err: { type: 'Error', message: 'refus pour <adresse> (<numéro>)', digest: '561496312' },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/dupont|612345678/);
  });

  it('des mots et un objet : une ligne, niveau avertissement pour console.warn', () => {
    const lines = capture();
    console.warn('échec de', { route: '/admin' }, 'pour', 'marie@exemple.fr');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, composant: 'next', msg: "échec de { route: '/admin' } pour <adresse>" }),
    ]);
  });

  it('les adresses et les numéros internationaux, pas les nombres ordinaires ni les chemins des paquets', () => {
    expect(withoutAddresses('450 <jean.dupont@gmial.com>: essayez plus tard, lot 1234, +262692123456.')).toBe(
      '450 <<adresse>>: essayez plus tard, lot 1234, <numéro>.',
    );
    expect(withoutAddresses('refus de zoé.lefèvre@école-exemple.fr et a.b+c@sous.domaine.gouv.fr')).toBe(
      'refus de <adresse> et <adresse>',
    );
    // A stack's lines through scoped packages keep their paths.
    const line = '    at run (file:///srv/app/node_modules/@vitest/runner/dist/index.js:1903:20)';
    expect(withoutAddresses(line)).toBe(line);
  });
});
