'use client';

import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { originLabels, stateLabels } from '@/lib/accounts/labels';
import { ORIGINS, SEARCH_TEXT_MAX, STATES, type SearchCriteria } from '@/lib/accounts/search-criteria';

/**
 * The criteria of guide §5.1, all selected by default. A plain GET form: the criteria land in the
 * URL, so a search can be bookmarked and the way back from an account page re-runs it. A client
 * component: the page sends the classes and criteria as data, not the form's rendered fields
 * (DECISIONS « The weight of a page »).
 */
export function SearchForm({
  criteria,
  classes,
  textError,
}: {
  criteria: SearchCriteria;
  classes: { id: number; label: string }[];
  /** Why the text was not searched (too long). */
  textError?: string;
}) {
  const all = <T,>(chosen: T[], value: T) => chosen.length === 0 || chosen.includes(value);
  return (
    <form method="get" action="/admin/responsables" className="fr-mb-4w" aria-label="Critères de recherche">
      <input type="hidden" name="recherche" value="1" />
      <Input
        label="Nom ou prénom d'un élève ou d'un responsable"
        state={textError ? 'error' : 'default'}
        stateRelatedMessage={textError}
        nativeInputProps={{
          name: 'q',
          defaultValue: criteria.q,
          type: 'search',
          autoComplete: 'off',
          maxLength: SEARCH_TEXT_MAX,
        }}
      />
      <div className="grid items-start gap-x-8 md:grid-cols-2 lg:grid-cols-4">
        <Checkbox
          legend="Classes"
          small
          options={classes.map((c) => ({
            label: c.label,
            nativeInputProps: { name: 'classe', value: String(c.id), defaultChecked: all(criteria.classe, c.id) },
          }))}
        />
        <Checkbox
          legend="États de compte"
          small
          options={STATES.map((s) => ({
            label: stateLabels[s],
            nativeInputProps: { name: 'etat', value: s, defaultChecked: all(criteria.etat, s) },
          }))}
        />
        <Checkbox
          legend="Adresse mail"
          small
          options={[
            {
              label: 'Avec adresse mail',
              nativeInputProps: { name: 'mail', value: 'avec', defaultChecked: criteria.mail !== 'sans' },
            },
            {
              label: 'Sans adresse mail',
              nativeInputProps: { name: 'mail', value: 'sans', defaultChecked: criteria.mail !== 'avec' },
            },
          ]}
        />
        <Checkbox
          legend="Origine du compte"
          small
          options={ORIGINS.map((o) => ({
            label: originLabels[o],
            nativeInputProps: { name: 'origine', value: o, defaultChecked: all(criteria.origine, o) },
          }))}
        />
      </div>
      {criteria.tri !== 'eleve' && <input type="hidden" name="tri" value={criteria.tri} />}
      {criteria.ordre !== 'asc' && <input type="hidden" name="ordre" value={criteria.ordre} />}
      <Button type="submit" iconId="fr-icon-search-line">
        Rechercher
      </Button>
    </form>
  );
}
