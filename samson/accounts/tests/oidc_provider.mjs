// panva's oidc-provider (OpenID Certified; https://github.com/panva/node-oidc-provider) on
// 127.0.0.1 for samson/accounts/tests/test_oidc_certified.py.
//
//   node oidc_provider.mjs <client_id> <client_secret> <redirect_uri> <post_logout_redirect_uri>
//
// It listens on a free port and prints one line of JSON, {"issuer": "http://127.0.0.1:<port>"},
// once it answers. Its development interactions are on, so any login and password log in (the
// login becomes the subject), and "[ Cancel ]" answers error=access_denied. PKCE is required,
// the authorization response carries `iss` (RFC 9207), and RP-initiated logout is on (both by
// default in version 9; set here so that a change of defaults cannot weaken the test).
import http from 'node:http';

import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri, postLogoutRedirectUri] = process.argv.slice(2);

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // Test-only cookie keys: nothing outside the test ever sees this provider.
    cookies: { keys: ['samson-test-only-cookie-key'] },
  });
  // Quiet: the tests provoke errors on purpose.
  provider.on('server_error', () => {});
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// The test closes stdin when it is done; exit then, so no provider outlives a test run.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
