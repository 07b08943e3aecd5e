import 'server-only';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import type { OIDCConfig } from 'next-auth/providers';
import { agentOidc } from '@/lib/config/settings';
import { agentIdTokenVerified } from '@/lib/auth/agent-id-token';
import { AGENT_SESSION_SECONDS, findAgentByEmail, openAgentSession } from '@/lib/auth/agents';

/**
 * Directors' sessions are signed JWT cookies (stateless web tier, DESIGN.md §2), `kind: 'agent'`.
 * Guardians never get one: the portal keeps its own sessions in PostgreSQL
 * (lib/auth/guardian-sessions.ts), so the two can never open each other's pages.
 */
declare module 'next-auth' {
  interface Session {
    kind?: 'agent';
    agentId?: number;
    /** The server-side session (agent_session) this cookie names. */
    sid?: string;
  }
}
declare module '@auth/core/jwt' {
  interface JWT {
    kind?: 'agent';
    agentId?: number;
    /** The server-side session (agent_session) this cookie names. */
    sid?: string;
  }
}

interface AgentProfile extends Record<string, unknown> {
  sub: string;
  email: string;
  given_name?: string;
  family_name?: string;
}

/** How the service proves itself at the agents' portal's token endpoint (AGENT_OIDC_TOKEN_AUTH_METHOD). */
const agentTokenAuthMethod = () =>
  process.env.AGENT_OIDC_TOKEN_AUTH_METHOD === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic';

function agentProvider(): OIDCConfig<AgentProfile>[] {
  const settings = agentOidc();
  if (!settings) return [];
  return [
    {
      id: 'agents',
      name: 'Portail des agents',
      type: 'oidc',
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      // ProConnect, for one, knows no `profile` scope (it asks claim by claim: `openid email given_name
      // usual_name`) and may take the secret only in the body: both are the operator's to say.
      authorization: { params: { scope: process.env.AGENT_OIDC_SCOPE ?? 'openid email profile' } },
      client: { token_endpoint_auth_method: agentTokenAuthMethod() },
      checks: ['pkce', 'state', 'nonce'],
      // The identity is read from the userinfo endpoint, as portals and FranceConnect publish it there.
      idToken: false,
      profile(profile) {
        return {
          id: profile.sub,
          email: profile.email,
          name: [profile.given_name, profile.family_name].filter(Boolean).join(' '),
        };
      },
    },
  ];
}

export const authConfig: NextAuthConfig = {
  trustHost: true,
  session: { strategy: 'jwt', maxAge: AGENT_SESSION_SECONDS },
  pages: { signIn: '/admin/connexion', error: '/admin/connexion' },
  providers: [...agentProvider()],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider === 'agents') {
        if (!(await agentIdTokenVerified(account.id_token))) return '/admin/connexion?erreur=portail';
        const email = typeof profile?.email === 'string' ? profile.email : null;
        if (!email) return '/admin/connexion?erreur=inconnu';
        const agent = await findAgentByEmail(email);
        return agent ? true : '/admin/connexion?erreur=inconnu';
      }
      return false;
    },
    async jwt({ token, account, profile }) {
      if (account?.provider === 'agents' && typeof profile?.email === 'string') {
        const agent = await findAgentByEmail(profile.email);
        if (agent) {
          token.kind = 'agent';
          token.agentId = agent.id;
          token.sid = await openAgentSession(agent.id, account.id_token);
        }
      }
      return token;
    },
    async session({ session, token }) {
      session.kind = token.kind;
      session.agentId = token.agentId;
      session.sid = token.sid;
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
