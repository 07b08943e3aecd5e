import { describe, expect, it } from 'vitest';
import { XmlScanner } from '@/lib/directory/aaf/xml-scanner';

type Event = [string, ...unknown[]];

/** Feeds `xml` in chunks of `size` characters and returns the events, texts merged. */
function scan(xml: string, size = xml.length): Event[] {
  const events: Event[] = [];
  const s = new XmlScanner({
    open: (name, attrs, line) => events.push(['open', name, { ...attrs }, line]),
    close: (name) => events.push(['close', name]),
    text: (t) => {
      const last = events[events.length - 1];
      if (last?.[0] === 'text') last[1] = (last[1] as string) + t;
      else events.push(['text', t]);
    },
  });
  for (let i = 0; i < xml.length; i += size) s.write(xml.slice(i, i + size));
  s.end();
  return events.filter((e) => e[0] !== 'text' || (e[1] as string).trim() !== '');
}

const doc = `<?xml version="1.0" encoding="UTF-8"?>
<!-- commentaire -->
<root a='1' b="x &amp; y">
  <attr name="ENTPersonNom"><value>D&apos;ALMEIDA &#233;&#x20AC;</value><value/></attr>
  <value><![CDATA[<brut> & texte]]></value>
</root>
`;

describe('lecteur XML strict', () => {
  it('éléments, attributs, entités, CDATA, commentaires et numéros de ligne', () => {
    expect(scan(doc)).toEqual([
      ['open', 'root', { a: '1', b: 'x & y' }, 3],
      ['open', 'attr', { name: 'ENTPersonNom' }, 4],
      ['open', 'value', {}, 4],
      ['text', "D'ALMEIDA é€"],
      ['close', 'value'],
      ['open', 'value', {}, 4],
      ['close', 'value'],
      ['close', 'attr'],
      ['open', 'value', {}, 5],
      ['text', '<brut> & texte'],
      ['close', 'value'],
      ['close', 'root'],
    ]);
  });

  it('donne le même résultat quel que soit le découpage en morceaux', () => {
    const whole = scan(doc);
    for (const size of [1, 2, 3, 7, 16, 64]) expect(scan(doc, size)).toEqual(whole);
  });

  it.each([
    ['<root><a></b></root>', /balise fermante <\/b> inattendue \(<\/a> attendue\)/],
    ['<root><a>', /fin de fichier inattendue : balise <a> non fermée/],
    ['<root><a', /fin de fichier inattendue \(balise incomplète\)/],
    ['<root></root><autre/>', /contenu après l’élément racine/],
    ['texte<root/>', /texte hors de l’élément racine/],
    ['<root>a & b</root>', /« & » isolé/],
    ['<root>&nbsp;</root>', /entité inconnue « &nbsp; »/],
    ['<!DOCTYPE root [<!ENTITY x "y">]><root/>', /DOCTYPE avec déclarations internes \(entités\) non pris en charge/],
    ['<!DOCTYPE root SYSTEM "a.dtd" [ ]><root/>', /DOCTYPE avec déclarations internes/],
    ['<!DOCTYPE root SYSTEM><root/>', /DOCTYPE mal formé/],
    ['<!DOCTYPE root PUBLIC "a.dtd"><root/>', /DOCTYPE mal formé/],
    ['<!DOCTYPE root><!DOCTYPE root><root/>', /DOCTYPE répété/],
    ['<root><!DOCTYPE root></root>', /DOCTYPE après le début de l’élément racine/],
    [`<!DOCTYPE root SYSTEM "${'x'.repeat(2000)}"><root/>`, /DOCTYPE non fermé/],
    ['<!DOCTYPE root SYSTEM "a.dtd"', /fin de fichier inattendue \(DOCTYPE non fermé\)/],
    ['<!ENTITY x "y"><root/>', /déclaration non prise en charge/],
    ['<root a="1" a="2"/>', /attribut « a » répété/],
    ['<root a=1/>', /attribut mal formé/],
    ['<1root/>', /nom de balise invalide/],
    ['', /aucun élément racine/],
  ])('refuse %j', (xml, message) => {
    expect(() => scan(xml)).toThrow(message);
  });

  it('passe le DOCTYPE des exports du ministère sans lire la DTD qu’il nomme', () => {
    const body = '<ficAlimMENESR><addRequest/></ficAlimMENESR>';
    const expected = scan(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    for (const doctype of [
      '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">',
      "<!DOCTYPE ficAlimMENESR SYSTEM 'file:///etc/passwd'>",
      '<!DOCTYPE ficAlimMENESR PUBLIC "-//MENESR//DTD AAF//FR" "http://exemple.invalid/ficAlimMENESR.dtd">',
      '<!DOCTYPE ficAlimMENESR>',
      '<!DOCTYPE\n  ficAlimMENESR\n  SYSTEM "dossier>[x].dtd"\n>',
    ]) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- versionAF="AAF-VE1803" -->\n${doctype}\n${body}`;
      const lines = doctype.split('\n').length - 1;
      const shifted = expected.map((e) => (e[0] === 'open' ? [...e.slice(0, 3), (e[3] as number) + lines + 2] : e));
      for (const size of [xml.length, 1, 5, 9, 10, 23]) expect(scan(xml, size)).toEqual(shifted);
    }
  });

  it('indique la ligne de l’erreur', () => {
    try {
      scan('<root>\n<a>\n</b>\n</root>');
      expect.unreachable();
    } catch (e) {
      expect((e as { line: number }).line).toBe(3);
    }
  });
});
