'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { schoolAction } from '@/app/_lib/action';
import { formList } from '@/app/_lib/form';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { resendActivation } from '@/lib/accounts/resend-activation';
import { resetPasswords } from '@/lib/accounts/reset-passwords';
import { scopeRows } from '@/lib/accounts/search-accounts';
import { DomainError } from '@/lib/errors';

/** A selected row of « Responsables »: `pupilId:accountId`. */
const row = z
  .string()
  .regex(/^\d{1,9}:\d{1,9}$/)
  .transform((v) => {
    const [pupilId, accountId] = v.split(':').map(Number);
    return { pupilId, accountId };
  });
const rows = formList(row).refine(
  (r) => r.length > 0 && r.length <= 100_000,
  'Vous devez sélectionner un ou plusieurs comptes.',
);
const channel = z.enum(['PAPER', 'EMAIL']);
const checked = z
  .literal('1')
  .optional()
  .transform((v) => v === '1');
const account = z.coerce.number().int().positive().max(999_999_999);

/** « (Re)Notifier les comptes » (guide §5.3.1). */
export const notifyRows = schoolAction(
  z.object({ ligne: rows, canal: channel, reinitialisation: checked }),
  async (input, { school, agent }) => {
    const outcome = await notifyAccounts({
      schoolId: school.id,
      agentId: agent.id,
      rows: input.ligne,
      channel: input.canal,
      reset: input.reinitialisation,
    });
    revalidatePath('/admin/responsables');
    return outcome;
  },
);

/** « Modifier les comptes » / « Réinitialiser le(s) mot(s) de passe » (guide §5.5.1). */
export const resetRows = schoolAction(z.object({ ligne: rows }), async (input, { school, agent }) => {
  const outcome = await resetPasswords({ schoolId: school.id, agentId: agent.id, rows: input.ligne });
  revalidatePath('/admin/responsables');
  return outcome;
});

/** « (Re)Notifier le compte » on the account page (guide §5.3.2, §5.5.4). */
export const notifyAccount = schoolAction(
  z.object({ compte: account, canal: channel, reinitialisation: checked }),
  async (input, { school, agent }) => {
    const found = await scopeRows({ schoolId: school.id, accountId: input.compte });
    if (!found.length) throw new DomainError('ACCOUNT_NOT_FOUND');
    const outcome = await notifyAccounts({
      schoolId: school.id,
      agentId: agent.id,
      rows: found,
      channel: input.canal,
      reset: input.reinitialisation,
    });
    if (outcome.withoutEmail.length) throw new DomainError('NO_EMAIL_FOR_ACCOUNT');
    if (outcome.addressRefused.length) throw new DomainError('EMAIL_REFUSED_FOR_ACCOUNT');
    revalidatePath(`/admin/responsables/compte/${input.compte}`);
    return outcome;
  },
);

/** « Modifier le compte » / « Réinitialiser le mot de passe » (guide §5.5.3): the new password is shown at once. */
export const resetAccount = schoolAction(z.object({ compte: account }), async (input, { school, agent }) => {
  const found = await scopeRows({ schoolId: school.id, accountId: input.compte });
  if (!found.length) throw new DomainError('ACCOUNT_NOT_FOUND');
  const outcome = await resetPasswords({ schoolId: school.id, agentId: agent.id, rows: found });
  if (!outcome.reset) throw new DomainError('RESET_NOT_ALLOWED');
  revalidatePath(`/admin/responsables/compte/${input.compte}`);
  return outcome;
});

/** « Modifier le compte » / « Renvoyer un courriel d'activation » (guide §5.6). */
export const resendActivationEmail = schoolAction(
  z.object({
    compte: account,
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'Adresse mail trop longue.')
      .pipe(z.email('Adresse mail invalide : saisissez une adresse de la forme nom@domaine.fr.')),
  }),
  async (input, { school, agent }) => {
    await resendActivation({ schoolId: school.id, agentId: agent.id, accountId: input.compte, email: input.email });
    revalidatePath(`/admin/responsables/compte/${input.compte}`);
    return null;
  },
);
