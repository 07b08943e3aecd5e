'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  awaitingActivationAction,
  firstLoginAction,
  guardianAction,
  passwordChoiceAction,
  publicAction,
} from '@/app/_lib/action';
import { clearCookie, clientIp, FLOW_COOKIES, readCookie, SESSION_COOKIE, setCookie } from '@/app/_lib/portal';
import { franceConnectLogoutUrl } from '@/lib/auth/franceconnect';
import { closeGuardianSession } from '@/lib/auth/guardian-sessions';
import { STAGE_PAGES } from '@/lib/auth/guards';
import { appUrl } from '@/lib/config/settings';
import { DomainError } from '@/lib/errors';
import { addChildrenFromAccount } from '@/lib/portal/add-children-from-account';
import { resendActivationByGuardian } from '@/lib/portal/awaiting-activation';
import { changePassword } from '@/lib/portal/change-password';
import { requestEmailChange } from '@/lib/portal/change-email';
import { chooseNewPassword, completeFirstLogin } from '@/lib/portal/first-login';
import { remindIdentifiants } from '@/lib/portal/forgot-identifiant';
import {
  requestPasswordCode,
  requestPasswordReset,
  resetPasswordWithCode,
  resetPasswordWithLink,
} from '@/lib/portal/forgot-password';
import {
  confirmIdentityChildren,
  finishIdentityPath,
  resendIdentityCode,
  startIdentityPath,
  submitIdentity,
  submitIdentityCode,
  type IdentityPurpose,
} from '@/lib/portal/identity-path';
import { queuePortalRequest } from '@/lib/portal/portal-requests';
import { signInGuardian } from '@/lib/portal/sign-in-guardian';
import {
  birthDateField,
  codeField,
  emailField,
  identifiantField,
  mobileField,
  nameField,
  newPasswordPair,
  passwordField,
  samePasswords,
} from './schemas';

/** Where each identity path lives. */
const PATHS: Record<IdentityPurpose, string> = {
  SIGNUP: '/creer-mon-compte',
  FRANCECONNECT: '/connexion/franceconnect',
};

async function flowToken(purpose: IdentityPurpose): Promise<string> {
  const token = await readCookie(FLOW_COOKIES[purpose]);
  if (!token) throw new DomainError('FLOW_EXPIRED');
  return token;
}

/** Sign-in with an identifiant and a password (guide §1.2). */
export const signInGuardianAction = publicAction(
  z.object({ identifiant: identifiantField, password: passwordField }),
  async ({ identifiant, password }) => {
    const outcome = await signInGuardian({
      identifiant,
      password,
      ip: await clientIp(),
      replacing: await readCookie(SESSION_COOKIE),
    });
    await setCookie(SESSION_COOKIE, outcome.token);
    redirect(STAGE_PAGES[outcome.stage]);
  },
);

/** « Se déconnecter »: the session ends here, and at FranceConnect when it was opened there. */
export const signOutGuardian = publicAction(z.object({}), async () => {
  const session = await closeGuardianSession(await readCookie(SESSION_COOKIE));
  await clearCookie(SESSION_COOKIE);
  const after = `${appUrl()}/connexion?deconnexion=1`;
  const fcLogout = session?.franceConnectIdToken
    ? await franceConnectLogoutUrl(session.franceConnectIdToken, after).catch(() => null)
    : null;
  redirect(fcLogout ?? '/connexion?deconnexion=1');
});

/** The first login with the letter (guide §1.3.4). */
export const firstLogin = firstLoginAction(
  z.object({ ...newPasswordPair, email: emailField, birthDate: birthDateField }).superRefine(samePasswords),
  async ({ password, email, birthDate }, { account }) => {
    const { token } = await completeFirstLogin({
      accountId: account.id,
      password,
      email,
      birthDate,
      ip: await clientIp(),
    });
    await setCookie(SESSION_COOKIE, token);
    redirect(STAGE_PAGES.AWAITING_ACTIVATION);
  },
);

/** A new password after a director's reset. */
export const choosePassword = passwordChoiceAction(
  z.object(newPasswordPair).superRefine(samePasswords),
  async ({ password }, { account }) => {
    const outcome = await chooseNewPassword({ accountId: account.id, password });
    await setCookie(SESSION_COOKIE, outcome.token);
    redirect(outcome.stage === 'SIGNED_IN' ? '/mon-compte?mot-de-passe=modifie' : STAGE_PAGES[outcome.stage]);
  },
);

/** A new activation e-mail, to the same or a corrected address, while the C07 click is awaited. */
export const resendActivationAction = awaitingActivationAction(
  z.object({ email: emailField }),
  async ({ email }, { account }) => {
    await resendActivationByGuardian({ accountId: account.id, email, ip: await clientIp() });
    redirect(`${STAGE_PAGES.AWAITING_ACTIVATION}?nouveau=1`);
  },
);

/** SMS signup, first screen: who, and which mobile (guide §1.3.4). */
export const startSmsSignup = publicAction(
  z.object({ lastName: nameField('nom'), firstName: nameField('prénom'), mobile: mobileField }),
  async ({ lastName, firstName, mobile }) => {
    const { token } = await startIdentityPath('SIGNUP', { step: 'mobile' });
    await submitIdentity(
      { token, purpose: 'SIGNUP', mobile, names: { lastName, firstName }, ip: await clientIp() },
      queuePortalRequest,
    );
    await setCookie(FLOW_COOKIES.SIGNUP, token);
    redirect(`${PATHS.SIGNUP}/code`);
  },
);

/** FranceConnect linking, first screen: the mobile known to the school (guide §1.3.5). */
export const franceConnectMobile = publicAction(z.object({ mobile: mobileField }), async ({ mobile }) => {
  const token = await flowToken('FRANCECONNECT');
  await submitIdentity({ token, purpose: 'FRANCECONNECT', mobile, ip: await clientIp() }, queuePortalRequest);
  redirect(`${PATHS.FRANCECONNECT}/code`);
});

const codeStep = (purpose: IdentityPurpose) =>
  publicAction(z.object({ code: codeField }), async ({ code }) => {
    await submitIdentityCode({ token: await flowToken(purpose), purpose, code });
    redirect(`${PATHS[purpose]}/enfants`);
  });
export const signupCode = codeStep('SIGNUP');
export const franceConnectCode = codeStep('FRANCECONNECT');

const resendStep = (purpose: IdentityPurpose) =>
  publicAction(z.object({}), async () => {
    await resendIdentityCode({ token: await flowToken(purpose), purpose, ip: await clientIp() }, queuePortalRequest);
    return 'Un nouveau code vous a été envoyé si votre numéro est connu de l’école.';
  });
export const signupResendCode = resendStep('SIGNUP');
export const franceConnectResendCode = resendStep('FRANCECONNECT');

const birthDates = z.record(z.string().regex(/^naissance-\d+$/), z.string()).transform((fields, ctx) => {
  const dates: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const parsed = birthDateField.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0].message });
      continue;
    }
    dates[key.slice('naissance-'.length)] = parsed.data;
  }
  return dates;
});

const childrenStep = (purpose: IdentityPurpose) =>
  publicAction(birthDates, async (dates) => {
    await confirmIdentityChildren({ token: await flowToken(purpose), purpose, birthDates: dates });
    redirect(`${PATHS[purpose]}/fin`);
  });
export const signupChildren = childrenStep('SIGNUP');
export const franceConnectChildren = childrenStep('FRANCECONNECT');

const groupField = z.enum(['oui', 'non']).optional();

async function finish(purpose: IdentityPurpose, group: boolean, password?: string) {
  const { token } = await finishIdentityPath({ token: await flowToken(purpose), purpose, password, group });
  await clearCookie(FLOW_COOKIES[purpose]);
  await setCookie(SESSION_COOKIE, token);
  redirect('/mon-compte?bienvenue=1');
}

export const signupFinish = publicAction(
  z.object({ ...newPasswordPair, regrouper: groupField }).superRefine(samePasswords),
  ({ password, regrouper }) => finish('SIGNUP', regrouper === 'oui', password),
);
export const franceConnectFinish = publicAction(z.object({ regrouper: groupField }), ({ regrouper }) =>
  finish('FRANCECONNECT', regrouper === 'oui'),
);

/** « Identifiant oublié ? »: always the same answer. */
export const forgotIdentifiant = publicAction(
  z.object({
    contact: z.string().trim().min(3, 'Saisissez votre adresse électronique ou votre numéro de portable.').max(254),
  }),
  async ({ contact }) => {
    await remindIdentifiants({ contact, ip: await clientIp() }, queuePortalRequest);
    return null;
  },
);

/** « Mot de passe oublié ? », by e-mail or by SMS: always the same answer, whatever was typed. */
export const forgotPassword = publicAction(
  z.object({ identifiant: identifiantField, canal: z.enum(['courriel', 'sms']).default('courriel') }),
  async ({ identifiant, canal }) => {
    if (canal === 'courriel') {
      await requestPasswordReset({ identifiant, ip: await clientIp() }, queuePortalRequest);
      return null;
    }
    const { token } = await requestPasswordCode({ identifiant, ip: await clientIp() }, queuePortalRequest);
    await setCookie(FLOW_COOKIES.RECOVERY, token);
    redirect('/mot-de-passe-oublie/code');
  },
);

/** The code received by SMS and the new password. */
export const resetPasswordByCode = publicAction(
  z.object({ code: codeField, ...newPasswordPair }).superRefine(samePasswords),
  async ({ code, password }) => {
    await resetPasswordWithCode({ token: await readCookie(FLOW_COOKIES.RECOVERY), code, password });
    await clearCookie(FLOW_COOKIES.RECOVERY);
    redirect('/connexion?mot-de-passe=modifie');
  },
);

/** The new password through the e-mailed link. */
export const resetPassword = publicAction(
  z.object({ jeton: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/), ...newPasswordPair }).superRefine(samePasswords),
  async ({ jeton, password }) => {
    await resetPasswordWithLink({ token: jeton, password });
    redirect('/connexion?mot-de-passe=modifie');
  },
);

/** « Modifier mon mot de passe ». */
export const changePasswordAction = guardianAction(
  z.object({ current: passwordField, ...newPasswordPair }).superRefine(samePasswords),
  async ({ current, password }, { account, franceConnectIdToken }) => {
    const { token } = await changePassword({
      accountId: account.id,
      current,
      password,
      ip: await clientIp(),
      franceConnectIdToken,
    });
    await setCookie(SESSION_COOKIE, token);
    redirect('/mon-compte?mot-de-passe=modifie');
  },
);

/** « Modifier mon adresse électronique »: a link to the new address. */
export const changeEmailAction = guardianAction(z.object({ email: emailField }), async ({ email }, { account }) => {
  await requestEmailChange({ accountId: account.id, email });
  return null;
});

/** « Ajouter des élèves depuis un autre compte » (regroupement). */
export const addChildrenAction = guardianAction(
  z.object({ identifiant: identifiantField, password: passwordField }),
  async ({ identifiant, password }, { account }) => {
    await addChildrenFromAccount({ accountId: account.id, identifiant, password, ip: await clientIp() });
    redirect('/mon-compte/enfants?regroupement=1');
  },
);
