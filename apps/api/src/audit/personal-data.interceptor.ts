import { BadRequestException, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, from, mergeMap } from 'rxjs';
import { ACCESS_PURPOSES, AccessPurpose, Actor } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { ClientKeyStore, ERASED, recordAccess } from '@wijkzorg/application';
import { CLIENT_KEY_STORE, EVENT_STORE } from '../infrastructure/tokens';
import { looksLikeCredentialName } from '../shared/credential-query-names';

interface PersonalDataRead {
  resource: string;
  /** The clients whose data the response holds. */
  clientIds(params: Record<string, string>, response: unknown): string[];
}

const PERSONAL_DATA = 'wijkzorg:personal-data';

/** Marks a read of person-level data: it needs a purpose and is written to the access log. */
export const PersonalDataRead = (resource: string, clientIds: PersonalDataRead['clientIds'] = (params) => [params.clientId]) => SetMetadata(PERSONAL_DATA, { resource, clientIds } satisfies PersonalDataRead);

/** Values that look like credentials whatever the parameter is called: JWTs, bearer strings, long opaque keys. */
const CREDENTIAL_VALUE = /^(bearer\s|eyJ[\w-]*\.[\w-]+\.)|^[A-Za-z0-9_+/=-]{40,}$/i;
/** Parameters naming a client: logged as the client's access reference, like the clients themselves. */
const CLIENT_PARAM = /^clientIds?$/i;

/**
 * The query string as the access log keeps it: credentials dropped (by name or by looks), client ids
 * replaced by access references. Null when nothing is left.
 */
export function loggableQuery(originalUrl: string, accessRef: (clientId: string) => string): string | null {
  const at = originalUrl.indexOf('?');
  if (at < 0) return null;
  const kept = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(originalUrl.slice(at + 1))) {
    if (looksLikeCredentialName(name) || CREDENTIAL_VALUE.test(value)) continue;
    kept.append(name, CLIENT_PARAM.test(name) ? value.split(',').map(accessRef).join(',') : value);
  }
  const query = kept.toString();
  return query ? query : null;
}

export const fromItems = (_: Record<string, string>, response: unknown) => ((response as { items: { clientId: string }[] }).items ?? []).map((i) => i.clientId);

/**
 * NEN 7513: every read of person-level data says why (X-Access-Purpose) and is logged — who, which
 * clients, what, why, when — before the data leaves the service. No log, no data.
 */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLIENT_KEY_STORE) private readonly keys: ClientKeyStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const read = this.reflector.get<PersonalDataRead | undefined>(PERSONAL_DATA, context.getHandler());
    if (!read) return next.handle();
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; params: Record<string, string>; originalUrl: string; actor?: Actor }>();
    const purpose = request.headers['x-access-purpose'];
    if (!purpose || !ACCESS_PURPOSES.includes(purpose as AccessPurpose)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `X-Access-Purpose must say why person-level data is read: one of ${ACCESS_PURPOSES.join(', ')}`, fields: [{ field: 'X-Access-Purpose', problems: ['required'] }] });
    }
    return next.handle().pipe(
      mergeMap((response) =>
        from(
          (async () => {
            const clientIds = [...new Set(read.clientIds(request.params, response))];
            // A first pass collects the client ids of the query, whose references are then looked up.
            const idsInQuery: string[] = [];
            loggableQuery(request.originalUrl, (id) => (idsInQuery.push(id), id));
            const refs = new Map<string, string>();
            for (const id of new Set(idsInQuery)) refs.set(id, (await this.keys.accessRef(id, true)) ?? ERASED);
            const query = loggableQuery(request.originalUrl, (id) => refs.get(id) ?? ERASED);
            await recordAccess(this.events, request.actor!, { clientIds, resource: read.resource, purpose: purpose as AccessPurpose, query }, this.keys);
            return response;
          })(),
        ),
      ),
    );
  }
}
