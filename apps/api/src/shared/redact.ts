import { CREDENTIAL_QUERY_PAIR } from './credential-query-names';

const CREDENTIALS: [RegExp, string][] = [
  [/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]'],
  // A JWT: base64url JSON header (always starts eyJ), payload and signature.
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[redacted token]'],
  // API keys (wz_…), stream tickets (wzt_…) and session tokens (wzs_…).
  [/\bwz[ts]?_[A-Za-z0-9_-]{8,}/g, '[redacted credential]'],
  [CREDENTIAL_QUERY_PAIR, '$1[redacted]'],
];

/** The text with bearer tokens, API keys, stream tickets, session tokens and credential-bearing query values blanked out. */
export function redactCredentials(text: string): string {
  return CREDENTIALS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
