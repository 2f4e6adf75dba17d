import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from '@wijkzorg/domain';

/** The authenticated actor (set by the AuthGuard), recorded on every event it causes. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest<{ actor: Actor }>().actor);
