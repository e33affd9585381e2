// Plays the person at a browser for the project's login tests: opens URL and
// goes through oidc-provider's pages as they come (the device flow's code
// entry and confirmation, the login form, the consent form), following
// redirects with the provider's cookies, until a page with no form, e.g. the
// device flow's success page or the runner's PKCE callback. Test tooling
// only: nothing here ships.
//
// Usage: node oidc-login.mjs URL LOGIN PASSWORD [USER_CODE]
// Exits 0 on a last page answered 200, 1 otherwise (with what it saw).
const [url, login, password, userCode] = process.argv.slice(2);
const cookies = new Map();

function remember(response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

async function request(target, form) {
  const headers = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const init = { redirect: 'manual', headers };
  if (form) {
    init.method = 'POST';
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(form).toString();
  }
  const response = await fetch(target, init);
  remember(response);
  return response;
}

// The first POST form of a page: its action and its fields, filled in.
function formOf(html) {
  const form = html.match(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i)
    ?? html.match(/<form[^>]*>([\s\S]*?)<\/form>/i);
  if (!form) return null;
  const action = form[0].match(/action="([^"]*)"/i)[1].replace(/&amp;/g, '&');
  const fields = {};
  for (const input of form[1].matchAll(/<input[^>]*>/gi)) {
    const name = input[0].match(/name="([^"]*)"/i)?.[1];
    if (!name) continue;
    fields[name] = input[0].match(/value="([^"]*)"/i)?.[1] ?? '';
  }
  if ('login' in fields) fields.login = login;
  if ('password' in fields) fields.password = password;
  if ('user_code' in fields && !fields.user_code) fields.user_code = userCode ?? '';
  return { action, fields };
}

let response = await request(url);
let current = url;
for (let step = 0; step < 20; step += 1) {
  if (response.status >= 300 && response.status < 400) {
    current = new URL(response.headers.get('location'), current).href;
    response = await request(current);
    continue;
  }
  const html = await response.text();
  const form = response.status === 200 ? formOf(html) : null;
  if (!form) {
    if (response.status === 200) process.exit(0);
    process.stderr.write(`oidc-login: ${current} answered ${response.status}: ${html.slice(0, 500)}\n`);
    process.exit(1);
  }
  current = new URL(form.action, current).href;
  response = await request(current, form.fields);
}
process.stderr.write('oidc-login: more than 20 pages\n');
process.exit(1);
