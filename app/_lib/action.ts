import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import {
  requireAgent,
  requireAwaitingActivation,
  requireFirstLogin,
  requireGuardian,
  requirePasswordChoice,
  requireSchool,
  type AgentContext,
  type GuardianContext,
  type SchoolContext,
} from '@/lib/auth/guards';
import { isDomainError } from '@/lib/errors';
import { log } from '@/lib/log';
import { formFields } from './form';

/**
 * The one shape of every server action (DESIGN.md §11): guard → zod on the FormData → one use
 * case of lib/ → a typed result. Next's redirects and not-found pass through; a DomainError
 * becomes its French sentence; anything else is a fault, logged and rethrown to the error page.
 * The use case gets plain values and the guard's context: it never reads cookies or headers.
 */
export type ActionResult<T = null> =
  | { status: 'success'; data: T }
  | {
      status: 'validation-error';
      message: string;
      fieldErrors: Record<string, string[]>;
      /** What was typed, but secrets, so that the form shows it again. */
      values: Record<string, string>;
    }
  | { status: 'domain-error'; code: string; message: string; values: Record<string, string> };

/** What `useActionState` and `<ActionForm>` call. */
export type FormAction<T = null> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

export const INVALID_FORM = 'Le formulaire est incomplet ou mal rempli : vérifiez les champs signalés.';

/** Fields never sent back to the page: passwords and codes. */
const SECRET_FIELD = /password|mot-?de-?passe|code|secret|jeton|current|confirmation/i;

function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(formFields(formData))) {
    if (typeof value === 'string' && !SECRET_FIELD.test(key) && value.length <= 200) values[key] = value;
  }
  return values;
}

function guarded<C, S extends z.ZodType, T>(
  guard: () => Promise<C>,
  schema: S,
  useCase: (input: z.infer<S>, ctx: C) => Promise<T>,
): FormAction<T> {
  return async (_previous, formData) => {
    const values = typedValues(formData);
    try {
      const ctx = await guard();
      const parsed = schema.safeParse(formFields(formData));
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(issue.message);
        return { status: 'validation-error', message: INVALID_FORM, fieldErrors, values };
      }
      return { status: 'success', data: await useCase(parsed.data, ctx) };
    } catch (e) {
      unstable_rethrow(e);
      if (isDomainError(e)) return { status: 'domain-error', code: e.code, message: e.message, values };
      log.error({ err: e }, 'action en échec');
      throw e;
    }
  };
}

/** The action factory of one guard: its context reaches the use case. */
const withGuard =
  <C>(guard: () => Promise<C>) =>
  <S extends z.ZodType, T>(schema: S, useCase: (input: z.infer<S>, ctx: C) => Promise<T>) =>
    guarded(guard, schema, useCase);

/** An action of the director's area that works on the school chosen on « Accueil ». */
export const schoolAction = withGuard<SchoolContext>(requireSchool);

/** An action of a signed-in director that needs no chosen school (the choice itself). */
export const agentAction = withGuard<AgentContext>(requireAgent);

/** An action anyone may call (sign-in, sign-out, the portal's public forms). */
export const publicAction = withGuard(async () => null);

/** An action of a signed-in guardian on their own account (the portal). */
export const guardianAction = withGuard<GuardianContext>(requireGuardian);

/** The first login's form, in a session opened with the letter's provisional password. */
export const firstLoginAction = withGuard<GuardianContext>(requireFirstLogin);

/** The new password after a director's reset. */
export const passwordChoiceAction = withGuard<GuardianContext>(requirePasswordChoice);

/** Actions of a session waiting for its C07 click: a new activation e-mail. */
export const awaitingActivationAction = withGuard<GuardianContext>(requireAwaitingActivation);
