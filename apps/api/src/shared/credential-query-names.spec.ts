import { isListedCredentialName, looksLikeCredentialName } from './credential-query-names';
import { redactCredentials } from './redact';

describe('credential query names (one list for the guard, the log redaction and the access log)', () => {
  it('knows session, signature and key ids whatever their case', () => {
    for (const name of ['session', 'Session', 'access_token', 'apiKey', 'API_KEY', 'signature', 'ticket']) expect(isListedCredentialName(name)).toBe(true);
    for (const name of ['wijkCode', 'clientId', 'limit', 'sort', 'keyword']) expect(isListedCredentialName(name)).toBe(false);
  });

  it('keeps names built around a credential out of the access log', () => {
    expect(looksLikeCredentialName('my_token')).toBe(true);
    expect(looksLikeCredentialName('wijkCode')).toBe(false);
  });

  it('redacts every listed name in a logged URL, and nothing else', () => {
    expect(redactCredentials('GET /v1/caseload?wijkCode=GM0363&session=abc123&sig=xyz&limit=5')).toBe('GET /v1/caseload?wijkCode=GM0363&session=[redacted]&sig=[redacted]&limit=5');
  });
});
