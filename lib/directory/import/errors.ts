import { DomainError } from '@/lib/errors';

/** An export the importer refuses: the problem, and where (file, line) when it is known. */
export const importRefused = (problem: string, file?: string, line?: number) =>
  new DomainError('IMPORT_REFUSED', { problem, file, line });
