/**
 * What the portal's SMS cost: each text only in the GSM 03.38 alphabet, in one segment for an
 * identifiant of up to 30 characters (lib/portal/sms-texts.ts, lib/messaging/sms-segments.ts).
 */
import { describe, expect, it } from 'vitest';
import { outsideGsm7, smsSegments } from '@/lib/messaging/sms-segments';
import { alreadyActivatedText, identifiantsText, smsCodeText } from '@/lib/portal/sms-texts';

describe('segments d’un SMS', () => {
  it('160 caractères GSM en un segment, 153 par segment au-delà ; € en compte deux', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('é'.repeat(306)).segments).toBe(2);
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  it('un seul caractère hors de l’alphabet GSM fait tout passer en UCS-2 : 70 par segment, 67 au-delà', () => {
    expect(outsideGsm7('« Mot de passe oublié ? » – l’aide')).toEqual(['«', '»', '–', '’']);
    expect(smsSegments('ê'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ê'.repeat(71)).segments).toBe(2);
    // The reminder as it was written before (« »): three segments instead of one.
    const before =
      'EduConnect : vous avez déjà un compte activé (identifiant : a.boyer2). ' +
      'Mot de passe perdu ? Utilisez « Mot de passe oublié ? » sur la page de connexion.';
    expect(smsSegments(before)).toEqual({ encoding: 'UCS-2', units: 152, segments: 3 });
  });
});

describe('les SMS du portail', () => {
  const longest = 'a.delafontaine-berthelot-dupr2'; // 30 characters
  const texts = {
    code: smsCodeText('004217', 10),
    dejaActive: alreadyActivatedText([longest]),
    identifiant: identifiantsText([longest]),
  };

  it.each(Object.entries(texts))('%s : alphabet GSM seul, un segment', (_name, text) => {
    expect(longest).toHaveLength(30);
    expect(outsideGsm7(text)).toEqual([]);
    expect(smsSegments(text).segments).toBe(1);
  });

  it('plusieurs comptes : au pluriel, chacun nommé', () => {
    expect(alreadyActivatedText(['a.boyer2', 'a.boyer3'])).toBe(
      'EduConnect : vous avez déjà des comptes activés, identifiants a.boyer2, a.boyer3. ' +
        'Mot de passe perdu : "Mot de passe oublié ?" sur la page de connexion.',
    );
    expect(identifiantsText(['a.boyer2', 'a.boyer3'])).toBe('EduConnect : vos identifiants sont a.boyer2, a.boyer3.');
    expect(identifiantsText(['a.boyer2'])).toBe('EduConnect : votre identifiant est a.boyer2.');
    expect(outsideGsm7(alreadyActivatedText(['a.boyer2', 'a.boyer3']))).toEqual([]);
  });
});
