import { beforeAll, describe, expect, it } from 'vitest';
import { generateProvisionalPassword, isProvisionalPasswordShape } from '@/lib/accounts/provisional-password';
import { decryptSecret, encryptSecret, openBytes, sealBytes } from '@/lib/accounts/secrets';
import { openBody, openBodies, sealBody } from '@/lib/messaging/message-body';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/accounts/password-hash';
import { isAcceptableChosenPassword } from '@/lib/accounts/password-rule';

beforeAll(() => {
  process.env.ACCOUNT_SECRET_KEY = Buffer.alloc(32, 3).toString('base64');
});

describe('mot de passe provisoire', () => {
  it('8 caractères, majuscules et chiffres sans sosies, au moins un de chaque', () => {
    for (let i = 0; i < 2000; i++) {
      const p = generateProvisionalPassword();
      expect(p).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[2-9]/);
      expect(isProvisionalPasswordShape(p)).toBe(true);
    }
  });
  it('ne se répète pas', () => {
    const seen = new Set(Array.from({ length: 5000 }, generateProvisionalPassword));
    expect(seen.size).toBe(5000);
  });
});

describe('chiffrement des mots de passe provisoires (AES-256-GCM)', () => {
  it('se relit, et deux chiffrements du même mot diffèrent', () => {
    const a = encryptSecret('BUNZ57DM');
    const b = encryptSecret('BUNZ57DM');
    expect(a).not.toBe(b);
    expect(a).not.toContain('BUNZ57DM');
    expect(decryptSecret(a)).toBe('BUNZ57DM');
  });
  it('refuse un chiffré altéré', () => {
    const a = encryptSecret('BUNZ57DM').split(':');
    a[3] = Buffer.from('XXXXXXXX').toString('base64url');
    expect(() => decryptSecret(a.join(':'))).toThrow();
  });
  it('refuse une clé absente ou de mauvaise taille', () => {
    const saved = process.env.ACCOUNT_SECRET_KEY;
    process.env.ACCOUNT_SECRET_KEY = Buffer.alloc(16).toString('base64');
    expect(() => encryptSecret('x')).toThrow(/32 octets/);
    delete process.env.ACCOUNT_SECRET_KEY;
    expect(() => encryptSecret('x')).toThrow(/ACCOUNT_SECRET_KEY/);
    process.env.ACCOUNT_SECRET_KEY = saved;
  });
});

describe('courriers et messages scellés au repos', () => {
  it('un PDF se relit, ne montre rien en clair, et un PDF d’avant le scellement se lit tel quel', () => {
    const pdf = Buffer.from('%PDF-1.7\nIdentifiant : celine.dupont114\nMot de passe * : BUNZ57DM\n%%EOF');
    const sealed = sealBytes(pdf);
    expect(sealed.subarray(0, 4).toString('latin1')).toBe('ECS1');
    expect(sealed.includes('BUNZ57DM')).toBe(false);
    expect(sealed.includes('%PDF')).toBe(false);
    expect(openBytes(sealed).equals(pdf)).toBe(true);
    expect(openBytes(new Uint8Array(sealed)).equals(pdf)).toBe(true);
    expect(openBytes(pdf).equals(pdf)).toBe(true);
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => openBytes(altered)).toThrow();
  });
  it('le corps d’un message se relit ; un corps en clair ou effacé reste tel quel', () => {
    const text = 'Identifiant : celine.dupont114\nMot de passe * : BUNZ57DM';
    const sealed = sealBody(text);
    expect(sealed).not.toContain('BUNZ57DM');
    expect(openBody(sealed)).toBe(text);
    expect(openBody(text)).toBe(text);
    expect(openBody('')).toBe('');
    expect(openBody(sealBody(''))).toBe('');
    expect(openBodies({ html: sealBody('<p>x</p>'), text: sealed, id: 3 })).toEqual({ html: '<p>x</p>', text, id: 3 });
    expect(openBodies({ html: null, text: '' })).toEqual({ html: null, text: '' });
  });
});

describe('mot de passe choisi (guide §1.3.4)', () => {
  it('8 à 14 caractères, lettres et chiffres obligatoires', () => {
    expect(isAcceptableChosenPassword('abc12345')).toBe(true);
    expect(isAcceptableChosenPassword('abcdefgh123456')).toBe(true);
    expect(isAcceptableChosenPassword('abc1234')).toBe(false);
    expect(isAcceptableChosenPassword('abcdefgh1234567')).toBe(false);
    expect(isAcceptableChosenPassword('abcdefgh')).toBe(false);
    expect(isAcceptableChosenPassword('12345678')).toBe(false);
  });
  it('est conservé en argon2id seulement', async () => {
    const h = await hashPassword('Soleil2026');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'Soleil2026')).toBe(true);
    expect(await verifyPassword(h, 'soleil2026')).toBe(false);
  });
});

describe('argon2id : paramètres du jour', () => {
  it('un hachage fait avec d’autres paramètres, ou illisible, est à refaire ; un hachage du jour non', async () => {
    expect(needsRehash(await hashPassword('soleil2024'))).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2VsZGVtZXI$aGFjaGU')).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=7168,t=5,p=1$c2VsZGVtZXI$aGFjaGU')).toBe(true);
    expect(needsRehash('n’importe quoi')).toBe(true);
  });
});
