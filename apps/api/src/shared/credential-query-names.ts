/**
 * Query parameter names that carry credentials, in one list: the auth guard refuses them in a URL,
 * the log redaction blanks their values and the access log drops them.
 */
export const CREDENTIAL_QUERY_NAMES = [
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'ticket',
  'api_key',
  'apikey',
  'key',
  'secret',
  'client_secret',
  'password',
  'passwd',
  'session',
  'sessionid',
  'session_id',
  'sessie',
  'wijkzorg_sessie',
  'signature',
  'sig',
  'auth',
  'authorization',
  'bearer',
  'credential',
  'credentials',
] as const;

const EXACT = new Set<string>(CREDENTIAL_QUERY_NAMES);
/** Names built around one of those (my_token, X-Api-Key, session-id): kept out of the access log as well. */
const CREDENTIAL_LIKE = /token|ticket|secret|passw|api[-_]?key|auth|credential|signature|session|sessie|bearer/i;

/** One of the listed names, whatever its case (?Token=, ?API_KEY=). */
export function isListedCredentialName(name: string): boolean {
  return EXACT.has(name.toLowerCase());
}

/** A listed name or one that looks like a credential's. */
export function looksLikeCredentialName(name: string): boolean {
  return isListedCredentialName(name) || CREDENTIAL_LIKE.test(name);
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `?name=value` / `&name=value` for any listed name, with the value as the second group. */
export const CREDENTIAL_QUERY_PAIR = new RegExp(
  `([?&;]\\s*(?:${[...CREDENTIAL_QUERY_NAMES]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})=)[^&\\s"']*`,
  'gi',
);
