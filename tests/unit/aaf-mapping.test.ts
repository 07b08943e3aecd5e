import { describe, expect, it } from 'vitest';
import { classifyFile, parseAafDate, parseLevel, toGuardian, toPupil } from '@/lib/directory/aaf/aaf-mapping';
import type { AafRecord } from '@/lib/directory/aaf/aaf-parser';
import { normalizeMobile } from '@/lib/phone';
import { copyLine } from '@/lib/directory/import/copy-rows';

const rec = (op: AafRecord['op'], attrs: Record<string, string[]>): AafRecord => ({
  op,
  id: '1',
  line: 1,
  attrs: new Map(Object.entries(attrs)),
});

describe('correspondance AAF', () => {
  it('reconnaît catégorie et type d’export par le nom du fichier', () => {
    expect(classifyFile('ENT_DEMO_Complet_20261128_Eleve_0001.xml')).toEqual({ category: 'Eleve', full: true });
    expect(classifyFile('ENT_DEMO_Delta_20261129_PersRelEleve_0000.xml')).toEqual({
      category: 'PersRelEleve',
      full: false,
    });
    expect(classifyFile('notes.xml')).toBeNull();
  });
  it('accepte les niveaux en code ou en libellé long', () => {
    expect(parseLevel('CM1')).toBe('CM1');
    expect(parseLevel('Cours moyen 1re année')).toBe('CM1');
    expect(parseLevel('Cours élémentaire 2e année')).toBe('CE2');
    expect(parseLevel('Moyenne section')).toBe('MS');
    expect(parseLevel('cours préparatoire')).toBe('CP');
    expect(parseLevel('6e')).toBeNull();
  });
  it('lit les dates jj/mm/aaaa et refuse les dates impossibles', () => {
    expect(parseAafDate('14/10/2019')).toBe('2019-10-14');
    expect(parseAafDate('31/02/2019')).toBeNull();
    expect(parseAafDate('2019-10-14')).toBeNull();
  });
  it('normalise les mobiles au format international', () => {
    expect(normalizeMobile('06 56 17 46 12')).toBe('+33656174612');
    expect(normalizeMobile('+33 7 94 01 85 99')).toBe('+33794018599');
    expect(normalizeMobile('0033612345678')).toBe('+33612345678');
    expect(normalizeMobile('01 45 67 89 10')).toBeNull();
    expect(normalizeMobile('pas de numéro')).toBeNull();
  });
  it('les mobiles des départements d’outre-mer, écrits comme sur place ou derrière +33 : leur indicatif', () => {
    // La Réunion, Mayotte, Guadeloupe, Martinique, Guyane: the SMS reaches them only by their own code.
    expect(normalizeMobile('0692 12 34 56')).toBe('+262692123456');
    expect(normalizeMobile('06 93 40 12 34')).toBe('+262693401234');
    expect(normalizeMobile('0639 01 23 45')).toBe('+262639012345');
    expect(normalizeMobile('0690 00 12 34')).toBe('+590690001234');
    expect(normalizeMobile('0696 20 12 34')).toBe('+596696201234');
    expect(normalizeMobile('0694 20 12 34')).toBe('+594694201234');
    expect(normalizeMobile('+33 6 92 12 34 56')).toBe('+262692123456');
    expect(normalizeMobile('+262 692 12 34 56')).toBe('+262692123456');
    // Their fixed lines are not mobiles; the metropolitan ranges around them stay French.
    expect(normalizeMobile('0262 40 12 34')).toBeNull();
    expect(normalizeMobile('06 38 12 34 56')).toBe('+33638123456');
    expect(normalizeMobile('06 40 12 34 56')).toBe('+33640123456');
    expect(normalizeMobile('06 98 12 34 56')).toBe('+33698123456');
    expect(normalizeMobile('07 30 12 34 56')).toBe('+33730123456');
    // A 06 or 07 number that no department has (yet) stays French, as before.
    expect(normalizeMobile('06 91 12 34 56')).toBe('+33691123456');
    expect(normalizeMobile('07 11 22 33 44')).toBe('+33711223344');
  });
  it('un élève : classe de son école, responsables légaux, admission, avertissements', () => {
    const warnings: string[] = [];
    const p = toPupil(
      rec('add', {
        ENTPersonNom: ['ÇELIK'],
        ENTPersonPrenom: ['François'],
        ENTPersonDateNaissance: ['14/10/2019'],
        ENTPersonStructRattach: ['0900000a'],
        ENTEleveNiveau: ['Cours élémentaire 1re année'],
        ENTEleveAutoriteParentale: ['5000008$1', '5000010$1'],
        ENTPersonClasses: ['0999999Z$0$0$X$AUTRE', '0900000A$0$0$C04$CE1 A'],
        ENTEleveAdmission: ['PROVISOIRE'],
        ENTEleveINE: [],
      }),
      (w) => warnings.push(w),
    );
    expect(p).toMatchObject({
      schoolUai: '0900000A',
      classAafId: 'C04',
      classLabel: 'CE1 A',
      level: 'CE1',
      admitted: false,
      legalIds: ['5000008', '5000010'],
      ine: null,
      birthDate: '2019-10-14',
    });
    expect(warnings).toEqual(['eleveSansIne']);
  });
  it('une modification ne porte que les attributs présents', () => {
    const p = toPupil(rec('modify', { ENTPersonClasses: ['0900000A$0$0$C05$CE2 B'] }), () => undefined);
    expect(p.attrs).toEqual(['class']);
  });
  it('un responsable sans contact est signalé', () => {
    const warnings: string[] = [];
    const g = toGuardian(
      rec('add', { ENTPersonNom: ["N'DIAYE"], ENTPersonPrenom: ['Océane'], ENTPersRelEleveEleve: ['1', '2'] }),
      (w) => warnings.push(w),
    );
    expect(g).toMatchObject({ idBase: 'o.ndiaye', pupilIds: ['1', '2'], email: null, mobile: null });
    expect(warnings).toEqual(['responsableSansContact']);
  });
  it('échappe les valeurs pour COPY (tabulations, retours, antislash, tableaux)', () => {
    expect(copyLine(['a\tb', null, 'c\\d', ['x"y', 'z,w'], true, 3])).toBe(
      'a\\tb\t\\N\tc\\\\d\t{"x\\\\"y","z,w"}\tt\t3\n',
    );
  });
});
