import path from 'node:path';
import { Font } from '@react-pdf/renderer';

/**
 * Marianne, the State's typeface, registered once for every PDF of the service, from the font
 * files shipped with the DSFR (@codegouvfr/react-dsfr). Every process of the service runs from
 * the project's root.
 */
const dir = path.resolve(process.cwd(), 'node_modules/@codegouvfr/react-dsfr/dsfr/fonts');
let registered = false;

export const FONT = 'Marianne';

export function registerFonts() {
  if (registered) return;
  Font.register({
    family: FONT,
    fonts: [
      { src: path.join(dir, 'Marianne-Regular.woff'), fontWeight: 'normal' },
      { src: path.join(dir, 'Marianne-Bold.woff'), fontWeight: 'bold' },
      { src: path.join(dir, 'Marianne-Regular_Italic.woff'), fontWeight: 'normal', fontStyle: 'italic' },
    ],
  });
  // Words are never cut: a French letter keeps its words whole.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
