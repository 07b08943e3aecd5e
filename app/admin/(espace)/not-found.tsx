'use client';

import { ButtonsGroup } from '@codegouvfr/react-dsfr/ButtonsGroup';

/**
 * A missing account, or one that is not a guardian's of the chosen school: the same answer. A client
 * component, as the root not-found: every page of the area would otherwise carry it rendered.
 */
export default function AdminNotFound() {
  return (
    <>
      <h1>Page introuvable</h1>
      <p>
        La page ou le compte demandé n&apos;existe pas, ou n&apos;appartient pas à un responsable de l&apos;école que
        vous administrez.
      </p>
      <ButtonsGroup
        inlineLayoutWhen="md and up"
        buttons={[
          { children: 'Retour à la liste des responsables', linkProps: { href: '/admin/responsables' } },
          { children: 'Accueil', linkProps: { href: '/admin' }, priority: 'secondary' },
        ]}
      />
    </>
  );
}
