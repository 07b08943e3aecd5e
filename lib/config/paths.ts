import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (where package.json lives). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Git-ignored folder holding the embedded database, generated demo secrets and demo files. */
export const dataRoot = path.join(projectRoot, '.data');
