import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/**
 * Rate limits per credential: the bearer token or API key (hashed, never kept as such), falling back
 * to the client address for anonymous calls. Keyed on the credential rather than the resolved actor
 * so the limit applies before authentication does any work.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected async getTracker(request: { headers: Record<string, string | string[] | undefined>; ip?: string }): Promise<string> {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return `credential:${createHash('sha256').update(authorization.slice(7).trim()).digest('base64url').slice(0, 32)}`;
    return `ip:${request.ip ?? 'unknown'}`;
  }
}
