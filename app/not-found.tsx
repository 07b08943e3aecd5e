import type { Metadata } from 'next';
import { NotFoundView } from './_components/NotFoundView';

/** A missing page says so in its title too (the tab, the history, a screen reader's first words). */
export const metadata: Metadata = { title: 'Page introuvable' };

export default function NotFound() {
  return <NotFoundView />;
}
