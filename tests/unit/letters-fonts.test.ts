/**
 * Marianne prepared once per process (letters/fonts.ts), however many copies of the module the
 * process holds: the web server bundles it once per entry (the server actions that print a few
 * letters at once, the « Lister les comptes » route) and loads react-pdf, whose font store they
 * share, once.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it, vi } from 'vitest';
import { prepareFonts } from '@/letters/fonts';
import { renderLettersChunk } from '@/letters/render-chunk';

const letter = {
  code: 'C01' as const,
  recipient: { firstName: 'Jean', lastName: 'DUPONT' },
  schoolName: 'CHARLEMAGNE',
  children: [{ firstName: 'Léa', lastName: 'DUPONT' }],
  identifiant: 'jean.dupont',
  password: 'BUNZ57DM',
  portalUrl: 'https://educonnect.exemple.fr',
  helpUrl: 'https://educonnect.exemple.fr/aide/',
  signInUrl: 'https://educonnect.exemple.fr/connexion?identifiant=jean.dupont',
};

describe('polices préparées une fois par processus', () => {
  it('une seconde copie du module ne les prépare pas de nouveau, et imprime', async () => {
    await prepareFonts();
    await renderLettersChunk([letter]);
    // The second copy used to wrap the same loaded faces again and throw « Cannot redefine property:
    // toJSON », at every call until the process restarted.
    vi.resetModules();
    const copy = await import('@/letters/fonts');
    expect(copy.prepareFonts).not.toBe(prepareFonts);
    await expect(copy.prepareFonts()).resolves.toBeUndefined();
    const { renderLettersChunk: again } = await import('@/letters/render-chunk');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await again([letter]))), {
      mergePages: true,
    });
    expect(text).toContain('jean.dupont');
    // Fonts loaded twice and letters rendered: seconds when `npm test` builds the app beside it.
  }, 60_000);
});
