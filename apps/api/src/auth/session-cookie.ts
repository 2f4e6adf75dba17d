import { SESSION_COOKIE } from '@wijkzorg/application';

interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
}
interface CookieResponse {
  cookie(name: string, value: string, options: Record<string, unknown>): unknown;
  clearCookie(name: string, options: Record<string, unknown>): unknown;
}

/** The session cookie's value, if the request carries one (read from the Cookie header; no cookie parser needed for one name). */
export function sessionCookieOf(request: CookieRequest): string | undefined {
  const header = request.headers.cookie;
  for (const part of (Array.isArray(header) ? header.join('; ') : (header ?? '')).split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Secure when asked for (production behind a proxy that speaks https) or when this request came over https:
 * TLS in this process, or X-Forwarded-Proto from a proxy. Trusting that header can only add the flag,
 * which restricts the cookie, so a forged header harms no one but its sender.
 */
export function cookieIsSecure(request: CookieRequest, setting: 'auto' | 'on'): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return setting === 'on' || request.secure === true || proto === 'https';
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), for the whole api, for the session's lifetime. */
const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'strict', path: '/', secure });

export function setSessionCookie(response: CookieResponse, token: string, maxAgeSeconds: number, secure: boolean): void {
  response.cookie(SESSION_COOKIE, token, { ...cookieOptions(secure), maxAge: maxAgeSeconds * 1000 });
}

export function clearSessionCookie(response: CookieResponse, secure: boolean): void {
  response.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}
