import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { sessionCookieOf } from '../auth/session-cookie';

/**
 * Rate limits per credential: the bearer token or API key, else the session cookie (hashed, never kept
 * as such), falling back to the client address for anonymous calls. Keyed on the credential rather than
 * the resolved actor so the limit applies before authentication does any work.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected async getTracker(request: { headers: Record<string, string | string[] | undefined>; ip?: string }): Promise<string> {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return `credential:${hashOf(authorization.slice(7).trim())}`;
    // Colleagues behind one town-hall address each have their own session, so each their own allowance.
    const session = authorization === undefined ? sessionCookieOf(request) : undefined;
    if (session) return `session:${hashOf(session)}`;
    return `ip:${request.ip ?? 'unknown'}`;
  }

  /** Every refusal says when to try again in the standard header (the library names it Retry-After-<name> for named limits such as sign-in). */
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}

const hashOf = (credential: string) => createHash('sha256').update(credential).digest('base64url').slice(0, 32);
