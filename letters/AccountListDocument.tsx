import { Document, Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import type { AccountListRow } from '@/lib/accounts/account-list';
import { CODE_FONT, FONT } from './fonts';
import { StateHeader } from './StateHeader';

const s = StyleSheet.create({
  page: { fontFamily: FONT, fontSize: 8.5, padding: 30, color: '#161616' },
  line: { marginBottom: 3 },
  table: { marginTop: 8, borderTopWidth: 1, borderTopColor: '#3a3a3a' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: '#bbbbbb', paddingVertical: 3 },
  head: { fontWeight: 'bold', backgroundColor: '#f0f0f0' },
  cell: { paddingHorizontal: 3 },
  footnote: { marginTop: 8, fontStyle: 'italic' },
  pageNumber: { position: 'absolute', bottom: 15, right: 30, fontSize: 7.5 },
  code: { fontFamily: CODE_FONT },
});

const COLUMNS: { header: string; key: keyof AccountListRow; width: string }[] = [
  { header: 'Nom élève', key: 'nomEleve', width: '13%' },
  { header: 'Prénom élève', key: 'prenomEleve', width: '11%' },
  { header: 'Niveau', key: 'niveau', width: '13%' },
  { header: 'Classe', key: 'classe', width: '17%' },
  { header: 'Nom', key: 'nomResponsable', width: '12%' },
  { header: 'Prénom', key: 'prenomResponsable', width: '10%' },
  { header: 'Identifiant', key: 'identifiant', width: '14%' },
  { header: 'Mot de passe *', key: 'motDePasse', width: '10%' },
];

/** The PDF list of guide §5.4: creation date, school, the table, the footnote on passwords. */
export function AccountListDocument({
  createdOn,
  school,
  rows,
}: {
  createdOn: string;
  school: { uai: string; name: string };
  rows: AccountListRow[];
}) {
  return (
    <Document title="EduConnect - liste des responsables" author="EduConnect" language="fr">
      <Page size="A4" orientation="landscape" style={s.page}>
        <StateHeader schoolName={school.name} />
        <Text style={s.line}>Date de création : {createdOn}</Text>
        <Text style={s.line}>
          Ecole : {school.uai} - {school.name}
        </Text>
        <Text style={s.line}>Liste des responsables :</Text>
        <View style={s.table}>
          <View style={[s.row, s.head]} fixed>
            {COLUMNS.map((c) => (
              <Text key={c.key} style={[s.cell, { width: c.width }]}>
                {c.header}
              </Text>
            ))}
          </View>
          {rows.map((r, i) => (
            <View key={i} style={s.row} wrap={false}>
              {COLUMNS.map((c) => (
                <Text key={c.key} style={[s.cell, { width: c.width }, ...(c.key === 'motDePasse' ? [s.code] : [])]}>
                  {r[c.key]}
                </Text>
              ))}
            </View>
          ))}
        </View>
        <Text style={s.footnote}>
          * Seuls les mots de passe provisoires sont affichés, le mot de passe choisi par le responsable lors de
          l&apos;activation de son compte est masqué.
        </Text>
        <Text style={s.pageNumber} render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} fixed />
      </Page>
    </Document>
  );
}
