'use client';

import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput, type PasswordInputProps } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { useState, type InputHTMLAttributes } from 'react';
import { passwordRuleChecks } from '@/lib/accounts/password-rule';
import { useFormResult } from './ActionForm';

/**
 * Fields of an `<ActionForm>`: DSFR inputs that show their own error under them (announced with
 * the field, `aria-describedby` by the DSFR component) and keep what was typed after a refusal.
 */
export function TextField({
  name,
  label,
  hint,
  type = 'text',
  autoComplete,
  defaultValue,
  inputMode,
}: {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  defaultValue?: string;
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode'];
}) {
  const { errorOf, valueOf, version } = useFormResult();
  const error = errorOf(name);
  return (
    <Input
      key={version}
      label={label}
      hintText={hint}
      state={error ? 'error' : 'default'}
      stateRelatedMessage={error}
      nativeInputProps={{
        name,
        type,
        autoComplete,
        inputMode,
        defaultValue: valueOf(name) ?? defaultValue,
        'aria-invalid': error ? true : undefined,
      }}
    />
  );
}

/**
 * A password field; with `rule`, the guide's rule (§1.3.4) is shown and checked as it is typed. An
 * input group like the text fields, so that the field after it (a confirmation) keeps the same space
 * below its messages: the DSFR's `fr-password` alone has no margin.
 */
export function PasswordField({
  name,
  label,
  rule = false,
  autoComplete = 'current-password',
}: {
  name: string;
  label: string;
  rule?: boolean;
  autoComplete?: string;
}) {
  const { errorOf } = useFormResult();
  const [value, setValue] = useState('');
  const error = errorOf(name);
  const checks = passwordRuleChecks(value);
  const severity = (ok: boolean): PasswordInputProps.Severity => (value === '' ? 'info' : ok ? 'valid' : 'error');
  const messages = [
    ...(rule
      ? [
          { severity: severity(checks.length), message: 'entre 8 et 14 caractères' },
          { severity: severity(checks.letter), message: 'au moins une lettre' },
          { severity: severity(checks.digit), message: 'au moins un chiffre' },
        ]
      : []),
    ...(error ? [{ severity: 'error' as PasswordInputProps.Severity, message: error }] : []),
  ];
  return (
    <PasswordInput
      className="fr-input-group"
      label={label}
      messagesHint={rule ? 'Votre mot de passe doit contenir :' : ''}
      messages={messages}
      nativeInputProps={{
        name,
        autoComplete,
        value,
        onChange: (e) => setValue(e.target.value),
        'aria-invalid': error ? true : undefined,
      }}
    />
  );
}

/** The 6-digit code received by SMS (signup, FranceConnect linking, forgotten password). */
export function SmsCodeField() {
  return (
    <TextField
      name="code"
      label="Code reçu par SMS"
      hint="6 chiffres"
      inputMode="numeric"
      autoComplete="one-time-code"
    />
  );
}
