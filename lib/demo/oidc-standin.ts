/**
 * Local OpenID Connect stand-ins (DESIGN.md §9), for demo and tests only: the agents' portal
 * (an agent signs in with the academic e-mail address the directory knows, no password) and
 * FranceConnect (a test citizen is chosen from a list). Both are real OpenID Connect providers
 * (oidc-provider), so the service's code path is the one production uses; the FranceConnect one
 * answers as FranceConnect v2 does (secret in the body, ID token and userinfo signed ES256, level
 * eidas1). Refused in production.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import pg from 'pg';
import { formatMobile } from '@/lib/phone';

export interface StandinOptions {
  port: number;
  /** The service's own URL (redirects go back there). */
  appUrl: string;
  databaseUrl: string;
  clientSecret: string;
  log?: (m: string) => void;
}

/** FranceConnect's test citizens (fictional people). */
export const franceConnectCitizens = [
  {
    sub: 'fc-marie-dupont',
    given_name: 'Marie',
    family_name: 'DUPONT',
    birthdate: '1985-03-12',
    gender: 'female',
    email: 'marie.dupont@exemple.fr',
  },
  {
    sub: 'fc-jean-martin',
    given_name: 'Jean',
    family_name: 'MARTIN',
    birthdate: '1979-11-02',
    gender: 'male',
    email: 'jean.martin@exemple.fr',
  },
  {
    sub: 'fc-celine-durand',
    given_name: 'Céline',
    family_name: 'DURAND',
    birthdate: '1990-06-25',
    gender: 'female',
    email: 'celine.durand@exemple.fr',
  },
] as const;

type Kind = 'agents' | 'franceconnect';

interface Citizen {
  sub: string;
  given_name: string;
  family_name: string;
  birthdate: string;
  gender: string;
  email: string;
  /** Demo only: the mobile the school knows, shown to whoever tries the linking. */
  hint?: string;
}

/**
 * The test citizens: the fixed ones (Céline DURAND matches nobody) and, in the demo, two
 * guardians of the demo data whose accounts are « Non notifié », so that the FranceConnect
 * linking can be tried end to end.
 */
async function citizens(pool: pg.Pool): Promise<Citizen[]> {
  const { rows } = await pool.query<{ aaf_id: string; first_name: string; last_name: string; mobile: string }>(
    `select g.aaf_id, g.first_name, g.last_name, g.mobile
       from guardian g join account a on a.id = g.account_id
      where a.state = 'NON_NOTIFIE' and a.deleted_at is null and g.mobile is not null
        and exists (select 1 from director_scope s where s.guardian_id = g.id)
      order by g.id limit 2`,
  );
  return [
    ...franceConnectCitizens,
    ...rows.map((g) => ({
      sub: `fc-demo-${g.aaf_id}`,
      given_name: g.first_name,
      family_name: g.last_name,
      birthdate: '1984-01-01',
      gender: 'female',
      email: `${g.aaf_id}@exemple.fr`,
      hint: formatMobile(g.mobile),
    })),
  ];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string) {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#161616;background:#f6f6f6}
header{background:#fff;border-bottom:1px solid #ddd;padding:1rem 2rem}
header p{margin:0;font-weight:700}
main{max-width:32rem;margin:2rem auto;background:#fff;padding:2rem;border:1px solid #ddd}
label{display:block;font-weight:500;margin-bottom:.5rem}
input[type=email]{width:100%;box-sizing:border-box;padding:.5rem;border:0;border-bottom:2px solid #3a3a3a;
  background:#eee;font-size:1rem}
button{margin-top:1rem;background:#000091;color:#fff;border:0;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
button:focus,input:focus{outline:2px solid #0a76f6;outline-offset:2px}
.error{color:#b60000;font-weight:500}
ul{list-style:none;padding:0}
li{margin:.5rem 0}
</style></head>
<body><header><p>${escapeHtml(title)}</p>
<p style="font-weight:400">Service de démonstration — ne pas utiliser en production</p></header>
<main>${body}</main></body></html>`;
}

function agentLoginPage(uid: string, error?: string, email = '') {
  return page(
    'Portail des agents (démonstration)',
    `<h1>Connexion des agents</h1>
<p>Saisissez votre adresse électronique académique. Tout agent connu de l'annuaire peut se connecter.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/agents/interaction/${encodeURIComponent(uid)}/login">
<label for="email">Adresse électronique</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email)}"
  ${error ? ' aria-invalid="true"' : ''}>
<button type="submit">Se connecter</button>
</form>`,
  );
}

function citizenPage(uid: string, list: Citizen[]) {
  return page(
    'FranceConnect (démonstration)',
    `<h1>Choisir une identité de test</h1>
<p>FranceConnect de démonstration : choisissez la personne avec laquelle vous connecter.</p>
<form method="post" action="/franceconnect/interaction/${encodeURIComponent(uid)}/login">
<ul>
${list
  .map(
    (c) =>
      `<li><button type="submit" name="sub" value="${escapeHtml(c.sub)}">
        ${escapeHtml(`${c.given_name} ${c.family_name}`)},
        née ou né le ${c.birthdate.split('-').reverse().join('/')}</button>
        ${c.hint ? `<br><small>mobile connu de l'école : ${escapeHtml(c.hint)}</small>` : ''}</li>`,
  )
  .join('\n')}
</ul>
</form>
<form method="post" action="/franceconnect/interaction/${encodeURIComponent(uid)}/abort">
<button type="submit">Revenir sur le service sans me connecter</button>
</form>`,
  );
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('corps de requête trop long');
  }
  return new URLSearchParams(body);
}

/** Signing keys: RSA (RS256) for the agents' portal; EC P-256 (ES256) as FranceConnect v2 signs. */
function keys(kind: Kind) {
  const { privateKey } =
    kind === 'agents'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const alg = kind === 'agents' ? 'RS256' : 'ES256';
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg, kid: randomBytes(8).toString('hex') }] };
}

function makeProvider(kind: Kind, opts: StandinOptions, pool: pg.Pool) {
  const issuer = `http://localhost:${opts.port}/${kind}`;
  const clientId = kind === 'agents' ? 'educonnect-admin' : 'educonnect-portail';
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [
          kind === 'agents'
            ? `${opts.appUrl}/api/auth/callback/agents`
            : `${opts.appUrl}/connexion/franceconnect/retour`,
        ],
        post_logout_redirect_uris: [
          opts.appUrl,
          `${opts.appUrl}/connexion?deconnexion=1`,
          `${opts.appUrl}/admin/deconnexion`,
        ],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // FranceConnect v2: the secret in the body, ID token and userinfo signed ES256.
        ...(kind === 'agents'
          ? { token_endpoint_auth_method: 'client_secret_basic' }
          : {
              token_endpoint_auth_method: 'client_secret_post',
              id_token_signed_response_alg: 'ES256',
              userinfo_signed_response_alg: 'ES256',
            }),
      },
    ],
    ...(kind === 'franceconnect' ? { clientAuthMethods: ['client_secret_post'], acrValues: ['eidas1'] } : {}),
    jwks: keys(kind) as Configuration['jwks'],
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // FranceConnect asks claim by claim (scope `given_name`…); the agents' portal by profile.
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'birthdate', 'gender'],
      given_name: ['given_name'],
      family_name: ['family_name'],
      preferred_username: ['preferred_username'],
      birthdate: ['birthdate'],
      gender: ['gender'],
    },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: kind === 'franceconnect' },
      // The logout page in French, as FranceConnect's own.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Déconnexion (démonstration)',
            `<h1>Déconnexion</h1><p>Voulez-vous vous déconnecter du fournisseur d'identité ?</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>`,
          );
        },
      },
    },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/${kind}/interaction/${interaction.uid}` },
    // A stand-in asks no consent: the grant is given for the scopes requested.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope(
        kind === 'agents' ? 'openid email profile' : String(ctx.oidc.params?.scope ?? 'openid given_name family_name'),
      );
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      if (kind === 'franceconnect') {
        const citizen = (await citizens(pool)).find((c) => c.sub === sub);
        if (!citizen) return undefined;
        const { hint: _hint, ...claims } = citizen;
        return { accountId: sub, claims: async () => ({ ...claims, email_verified: true }) };
      }
      const { rows } = await pool.query<{ email: string; first_name: string; last_name: string }>(
        'select email, first_name, last_name from agent where email = $1 and detached_at is null',
        [sub],
      );
      const agent = rows[0];
      if (!agent) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: agent.email,
          email_verified: true,
          given_name: agent.first_name,
          family_name: agent.last_name,
        }),
      };
    },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Erreur', `<h1>Erreur</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p>`);
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  return provider;
}

export async function startStandin(opts: StandinOptions): Promise<{ close(): Promise<void> }> {
  if (process.env.NODE_ENV === 'production' && process.env.EDUCONNECT_DEMO !== '1') {
    throw new Error('Les fournisseurs d’identité de démonstration sont refusés en production.');
  }
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });
  const providers = {
    agents: makeProvider('agents', opts, pool),
    franceconnect: makeProvider('franceconnect', opts, pool),
  } satisfies Record<Kind, Provider>;
  const callbacks = { agents: providers.agents.callback(), franceconnect: providers.franceconnect.callback() };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://localhost:${opts.port}`);
      const [, kindPart, section, uid, action] = url.pathname.split('/');
      const kind = kindPart as Kind;
      if (kind !== 'agents' && kind !== 'franceconnect') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Inconnu');
        return;
      }
      const provider = providers[kind];
      if (section === 'interaction' && uid) {
        const details = await provider.interactionDetails(req, res);
        if (details.uid !== uid) throw new Error('interaction inconnue');
        if (req.method === 'GET' && !action) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(kind === 'agents' ? agentLoginPage(uid) : citizenPage(uid, await citizens(pool)));
          return;
        }
        // « Revenir sur le service »: FranceConnect sends the parent back with error=access_denied.
        if (req.method === 'POST' && action === 'abort' && kind === 'franceconnect') {
          await provider.interactionFinished(
            req,
            res,
            { error: 'access_denied', error_description: "L'usager a annulé la connexion." },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        if (req.method === 'POST' && action === 'login') {
          const form = await readForm(req);
          let accountId: string | undefined;
          if (kind === 'agents') {
            const email = (form.get('email') ?? '').trim().toLowerCase();
            const { rowCount } = await pool.query('select 1 from agent where email = $1 and detached_at is null', [
              email,
            ]);
            if (!rowCount) {
              res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
              res.end(
                agentLoginPage(uid, "Aucun agent de l'annuaire ne correspond à cette adresse électronique.", email),
              );
              return;
            }
            accountId = email;
          } else {
            accountId = (await citizens(pool)).find((c) => c.sub === form.get('sub'))?.sub;
            if (!accountId) throw new Error('identité inconnue');
          }
          // FranceConnect states the level of the identity provider used (eIDAS « faible »: eidas1).
          const login = kind === 'franceconnect' ? { accountId, acr: 'eidas1' } : { accountId };
          await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
          return;
        }
      }
      // Everything else is the provider's own protocol, mounted under /<kind>.
      (req as http.IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url!.slice(kind.length + 1) || '/';
      callbacks[kind](req, res);
    } catch (e) {
      opts.log?.(`fournisseur d'identité de démonstration : ${(e as Error).message}`);
      if (!res.headersSent) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Erreur', `<h1>Erreur</h1><p>${escapeHtml((e as Error).message)}</p>`));
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, 'localhost', () => resolve());
  });
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await pool.end();
    },
  };
}
