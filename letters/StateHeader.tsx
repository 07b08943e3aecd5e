import { StyleSheet, Text, View } from '@react-pdf/renderer';

const s = StyleSheet.create({
  block: { marginBottom: 18 },
  republic: { fontWeight: 'bold', fontSize: 11, lineHeight: 1.1, textTransform: 'uppercase' },
  motto: { fontSize: 7.5, marginTop: 3 },
  service: { fontWeight: 'bold', fontSize: 10, marginTop: 8 },
});

/** The DSFR « bloc-marque »: RÉPUBLIQUE FRANÇAISE and the motto, then the service and the school. */
export function StateHeader({ schoolName }: { schoolName: string }) {
  return (
    <View style={s.block}>
      <Text style={s.republic}>République{'\n'}Française</Text>
      <Text style={s.motto}>
        Liberté{'\n'}Égalité{'\n'}Fraternité
      </Text>
      <Text style={s.service}>EduConnect — {schoolName}</Text>
    </View>
  );
}
