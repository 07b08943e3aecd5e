/** Small hand-made AAF exports for tests, written with the same writer as the generator. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AafFileWriter, requestXml, writeAafDtd, type AttrValues } from '@/lib/directory/generate/aaf-writer';

export interface FixtureRequest {
  op?: 'add' | 'modify' | 'delete';
  id: string;
  attrs?: AttrValues;
}

export interface FixtureExport {
  schools?: FixtureRequest[];
  agents?: FixtureRequest[];
  pupils?: FixtureRequest[];
  guardians?: FixtureRequest[];
}

const kinds = { add: 'addRequest', modify: 'modifyRequest', delete: 'deleteRequest' } as const;

/** Folders this test file's exports were written to, removed after the file (integration-setup.ts). */
const written: string[] = [];

export function removeWrittenExports(): void {
  for (const dir of written.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export async function writeExport(
  content: FixtureExport,
  opts: { delta?: boolean; dir?: string; guardiansEncoding?: 'UTF-8' | 'ISO-8859-15'; date?: string } = {},
): Promise<string> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-fixture-'));
  if (!opts.dir) written.push(dir);
  writeAafDtd(dir);
  const kind = opts.delta ? 'Delta' : 'Complet';
  const parts: [keyof FixtureExport, string, string, 'UTF-8' | 'ISO-8859-15'][] = [
    ['schools', 'EtabEducNat', 'Etablissement', 'UTF-8'],
    ['agents', 'PersEducNat', 'PersEducNat', 'UTF-8'],
    ['pupils', 'Eleve', 'Eleve', 'UTF-8'],
    ['guardians', 'PersRelEleve', 'PersRelEleve', opts.guardiansEncoding ?? 'ISO-8859-15'],
  ];
  for (const [key, cat, categorie, enc] of parts) {
    const reqs = content[key];
    if (!reqs) continue;
    const w = new AafFileWriter(path.join(dir, `ENT_TEST_${kind}_${opts.date ?? '20261128'}_${cat}_0000.xml`), enc);
    for (const r of reqs) await w.write(requestXml(kinds[r.op ?? 'add'], categorie, r.id, r.attrs ?? {}));
    await w.close();
  }
  return dir;
}

export const school = (uai: string, name: string): FixtureRequest => ({
  id: uai,
  attrs: { ENTStructureUAI: uai, ENTStructureNomCourant: name, ENTServAcAcademie: 'TOULOUSE' },
});

export const director = (id: string, first: string, last: string, email: string, uais: string[]): FixtureRequest => ({
  id,
  attrs: {
    ENTPersonJointure: id,
    ENTPersonNom: last,
    ENTPersonPrenom: first,
    ENTPersonMail: email,
    ENTEnsFonctionDir: uais,
  },
});

export function pupil(
  id: string,
  p: {
    first: string;
    last: string;
    birth?: string;
    uai: string;
    classId?: string | null;
    classLabel?: string;
    level?: string;
    legal: string[];
    ine?: string | null;
    provisional?: boolean;
  },
): FixtureRequest {
  return {
    id,
    attrs: {
      ENTPersonJointure: id,
      ENTEleveINE: p.ine === null ? null : (p.ine ?? `INE${id}`),
      ENTPersonNom: p.last,
      ENTPersonPrenom: p.first,
      ENTPersonDateNaissance: p.birth ?? '14/10/2019',
      ENTPersonStructRattach: p.uai,
      ENTEleveNiveau: p.level ?? 'CE1',
      ENTEleveAutoriteParentale: p.legal.map((g) => `${g}$1`),
      ...(p.classId === null
        ? {}
        : { ENTPersonClasses: `${p.uai}$0$0$${p.classId ?? 'C1'}$${p.classLabel ?? 'CE1 A'}` }),
      ...(p.provisional ? { ENTEleveAdmission: 'PROVISOIRE' } : {}),
    },
  };
}

export function guardian(
  id: string,
  g: { first: string; last: string; pupils: string[]; email?: string; mobile?: string },
): FixtureRequest {
  return {
    id,
    attrs: {
      ENTPersonJointure: id,
      ENTPersonNom: g.last,
      ENTPersonPrenom: g.first,
      ENTPersonCivilite: 'Mme',
      ENTPersRelEleveEleve: g.pupils,
      ...(g.email ? { ENTPersonMail: g.email } : {}),
      ...(g.mobile ? { ENTPersRelEleveTelMobile: g.mobile } : {}),
    },
  };
}
