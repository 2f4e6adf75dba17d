import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { ThrottlerOptions } from '@nestjs/throttler';

const SIGN_IN_ATTEMPT = 'wijkzorg:sign-in-attempt';
/** The route exchanges a credential for a session: its attempts are limited per client address (WIJKZORG_SIGN_IN_LIMIT). */
export const SignInAttempt = () => SetMetadata(SIGN_IN_ATTEMPT, true);

/**
 * The throttler of sign-in attempts: only on routes marked SignInAttempt, keyed on the client address
 * whatever Authorization header comes along (a new made-up header per attempt must not buy a new allowance).
 */
export const signInThrottler = (limit: { limit: number; windowMs: number }): ThrottlerOptions => ({
  name: 'sign-in',
  limit: limit.limit,
  ttl: limit.windowMs,
  skipIf: (context: ExecutionContext) => Reflect.getMetadata(SIGN_IN_ATTEMPT, context.getHandler()) !== true,
  getTracker: (request: { ip?: string }) => `sign-in:${request.ip ?? 'unknown'}`,
});
