import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { ACTOR_ROLES, Actor, ActorRole } from '@wijkzorg/domain';

/**
 * Who is calling: taken from the X-Actor-Role and X-Actor-Id headers and recorded on every event.
 * (Authentication with bearer tokens replaces these headers in the access-control work.)
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
  const role = request.headers['x-actor-role'];
  const id = request.headers['x-actor-id'];
  if (!role || !id) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'X-Actor-Role and X-Actor-Id headers must say who acts', fields: [{ field: 'X-Actor-Role', problems: ['required'] }] });
  if (!ACTOR_ROLES.includes(role as ActorRole) || role === 'system') {
    throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: `X-Actor-Role must be one of ${ACTOR_ROLES.filter((r) => r !== 'system').join(', ')}`, fields: [{ field: 'X-Actor-Role', problems: ['unknown role'] }] });
  }
  if (!/^[\w.:@-]{1,100}$/.test(id)) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'X-Actor-Id must be 1-100 word characters', fields: [{ field: 'X-Actor-Id', problems: ['invalid'] }] });
  return { role: role as ActorRole, id };
});
