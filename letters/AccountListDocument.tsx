import { Document, Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import type { AccountListRow } from '@/lib/accounts/account-list';
import { CODE_FONT, FONT } from './fonts';
import { LIST_LINE, LIST_ROW_EXTRA, listPages, reactPdfLines, rowHeight, type ListColumn } from './list-pages';
import { StateHeader } from './StateHeader';

const SIZE = 8.5;

const s = StyleSheet.create({
  page: { fontFamily: FONT, fontSize: SIZE, padding: 30, color: '#161616' },
  line: { marginBottom: 3 },
  table: { borderTopWidth: 1, borderTopColor: '#3a3a3a' },
  // Below the first page's lines; on the following pages the table starts at the top, as react-pdf continued it.
  tableFirst: { marginTop: 8 },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: '#bbbbbb', paddingVertical: 3 },
  head: { fontWeight: 'bold', backgroundColor: '#f0f0f0' },
  cell: { paddingHorizontal: 3 },
  footnote: { marginTop: 8, fontStyle: 'italic' },
  pageNumber: { position: 'absolute', bottom: 15, right: 30, fontSize: 7.5 },
  code: { fontFamily: CODE_FONT },
});

type Key = keyof Omit<AccountListRow, 'uai' | 'ecole'>;
const COLUMNS: (ListColumn<Key> & { header: string })[] = [
  { header: 'Nom élève', key: 'nomEleve', percent: 13, fontFamily: FONT },
  { header: 'Prénom élève', key: 'prenomEleve', percent: 11, fontFamily: FONT },
  { header: 'Niveau', key: 'niveau', percent: 13, fontFamily: FONT },
  { header: 'Classe', key: 'classe', percent: 17, fontFamily: FONT },
  { header: 'Nom', key: 'nomResponsable', percent: 12, fontFamily: FONT },
  { header: 'Prénom', key: 'prenomResponsable', percent: 10, fontFamily: FONT },
  { header: 'Identifiant', key: 'identifiant', percent: 14, fontFamily: FONT },
  { header: 'Mot de passe *', key: 'motDePasse', percent: 10, fontFamily: CODE_FONT },
];

/** The header row's height: one line (its labels fit their columns). */
const HEADER_HEIGHT = LIST_ROW_EXTRA + LIST_LINE;

/**
 * The rows of each page (list-pages.ts): react-pdf given one long table takes a time that grows with
 * the square of its rows. After `prepareFonts`.
 */
export function accountListPages(rows: AccountListRow[]): AccountListRow[][] {
  const lines = reactPdfLines(SIZE);
  return listPages(rows, (r) => rowHeight(r, COLUMNS, lines), HEADER_HEIGHT);
}

/**
 * The PDF list of guide §5.4: creation date, school, the table, the footnote on passwords. `pages`
 * gives the rows of each page (accountListPages); the tests also give all the rows as one page, to
 * compare with react-pdf's own page breaks.
 */
export function AccountListDocument({
  createdOn,
  school,
  pages,
}: {
  createdOn: string;
  school: { uai: string; name: string };
  pages: AccountListRow[][];
}) {
  return (
    <Document title="EduConnect - liste des responsables" author="EduConnect" language="fr">
      {pages.map((rows, p) => (
        <Page key={p} size="A4" orientation="landscape" style={s.page}>
          {p === 0 && (
            <>
              <StateHeader schoolName={school.name} />
              <Text style={s.line}>Date de création : {createdOn}</Text>
              <Text style={s.line}>
                Ecole : {school.uai} - {school.name}
              </Text>
              <Text style={s.line}>Liste des responsables :</Text>
            </>
          )}
          <View style={p === 0 ? [s.table, s.tableFirst] : s.table}>
            <View style={[s.row, s.head]} fixed>
              {COLUMNS.map((c) => (
                <Text key={c.key} style={[s.cell, { width: `${c.percent}%` }]}>
                  {c.header}
                </Text>
              ))}
            </View>
            {rows.map((r, i) => (
              <View key={i} style={s.row} wrap={false}>
                {COLUMNS.map((c) => (
                  <Text
                    key={c.key}
                    style={[s.cell, { width: `${c.percent}%` }, ...(c.fontFamily === CODE_FONT ? [s.code] : [])]}
                  >
                    {r[c.key]}
                  </Text>
                ))}
              </View>
            ))}
          </View>
          {p === pages.length - 1 && (
            <Text style={s.footnote}>
              * Seuls les mots de passe provisoires sont affichés, le mot de passe choisi par le responsable lors de
              l&apos;activation de son compte est masqué.
            </Text>
          )}
          <Text style={s.pageNumber} render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} fixed />
        </Page>
      ))}
    </Document>
  );
}
