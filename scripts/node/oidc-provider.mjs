// A real OpenID provider (npm oidc-provider) for the project's tests, on
// 127.0.0.1 at a free port. Test tooling only: nothing here ships.
//
// Usage: node oidc-provider.mjs SETTINGS.json
// Prints "issuer http://127.0.0.1:PORT" on stdout once it serves, then runs
// until killed. SETTINGS.json (written by the tests' fixture):
//   audience        the "aud" of every access token: the client id Armada's
//                   server checks (its openIdAuth.clientId)
//   accessTokenTTL  seconds an access token lives
//   clients         oidc-provider client metadata (client_id, client_secret,
//                   grant_types, redirect_uris, token_endpoint_auth_method)
//   users           { NAME: { password, groups: [...] } }: the accounts of
//                   the password grant and of the login page
//
// Access tokens are JWTs (oidc-provider's are opaque by default), signed by
// the provider's key published at jwks_uri, carrying "groups". Beyond what
// oidc-provider implements it registers the password grant (RFC 6749 4.3),
// which it has none of; the login page is oidc-provider's development
// interaction, driven over HTTP by the tests.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider, { errors } from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const users = settings.users ?? {};
const resource = 'urn:armada';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: settings.clients,
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, groups: users[id]?.groups ?? [] }),
  }),
  claims: { openid: ['sub'], groups: ['groups'] },
  scopes: ['openid', 'offline_access', 'groups'],
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid offline_access groups',
        audience: settings.audience,
        accessTokenTTL: settings.accessTokenTTL,
        accessTokenFormat: 'jwt',
      }),
    },
  },
  extraTokenClaims: (ctx, token) => ({ groups: users[token.accountId]?.groups ?? [] }),
  // Refresh tokens for every public client that asks, not only for those
  // that ask for offline_access through a consent screen.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  pkce: { required: () => true },
  ttl: {
    AccessToken: settings.accessTokenTTL,
    ClientCredentials: settings.accessTokenTTL,
    DeviceCode: 300,
    Interaction: 300,
    Session: 3600,
    Grant: 3600,
    RefreshToken: 3600,
  },
});

// The password grant: the account's password checked against settings.users.
provider.registerGrantType(
  'password',
  async (ctx) => {
    const { username, password, scope } = ctx.oidc.params;
    const user = users[username];
    if (!user || user.password !== password) {
      throw new errors.InvalidGrant('wrong username or password');
    }
    const { client } = ctx.oidc;
    const grant = new provider.Grant({ accountId: username, clientId: client.clientId });
    grant.addResourceScope(resource, 'openid offline_access groups');
    const grantId = await grant.save();
    const resourceServer = new provider.ResourceServer(resource, {
      scope: 'openid offline_access groups',
      audience: settings.audience,
      accessTokenTTL: settings.accessTokenTTL,
      accessTokenFormat: 'jwt',
    });
    const at = new provider.AccessToken({
      accountId: username,
      client,
      grantId,
      scope: scope || 'openid',
      resourceServer,
    });
    const accessToken = await at.save();
    const body = {
      access_token: accessToken,
      expires_in: at.expiration,
      token_type: 'Bearer',
      scope: at.scope,
    };
    if (client.grantTypeAllowed('refresh_token')) {
      const rt = new provider.RefreshToken({
        accountId: username,
        client,
        grantId,
        scope: at.scope,
        resource,
        gty: 'password',
      });
      body.refresh_token = await rt.save();
    }
    ctx.body = body;
  },
  ['username', 'password', 'scope'],
);

server.on('request', provider.callback());
process.stdout.write(`issuer ${issuer}\n`);
// The test reads stdout up to that line only: all else (oidc-provider logs
// device logins with console.log) goes to stderr, its log.
process.stdout.on('error', () => {});
for (const name of ['log', 'info', 'debug']) console[name] = console.error;
