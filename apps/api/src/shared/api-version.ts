import { INestApplication } from '@nestjs/common';

/** Every capability is served under this prefix; a breaking change gets a new one beside it. */
export const API_VERSION_PREFIX = 'v1';

/**
 * Operational paths stay unversioned: probes, scrapers and people find them at fixed places,
 * and their answers are not part of the versioned contract.
 */
export const UNVERSIONED_PATHS = ['health', 'metrics', 'docs', 'docs-json', 'docs-yaml', 'dashboard'] as const;

/** When the unversioned aliases were deprecated (RFC 9745 structured date); they go in the next release. */
export const UNVERSIONED_ALIASES_DEPRECATED_AT = Date.UTC(2026, 10, 30) / 1000;

const firstSegment = (path: string) => path.split('/')[1] ?? '';
const isVersioned = (path: string) => path === `/${API_VERSION_PREFIX}` || path.startsWith(`/${API_VERSION_PREFIX}/`);
const staysUnversioned = (path: string) => path === '/' || (UNVERSIONED_PATHS as readonly string[]).includes(firstSegment(path));

/**
 * The pre-/v1 paths answer for one more release: `/x` is served as `/v1/x` and says so with
 * `Deprecation` and a `Link` to its successor.
 */
export function aliasUnversionedPaths(request: { url: string }, response: { setHeader(name: string, value: string): unknown }, next: () => void): void {
  const [path, query] = splitUrl(request.url);
  if (!isVersioned(path) && !staysUnversioned(path)) {
    const successor = `/${API_VERSION_PREFIX}${path}`;
    request.url = successor + query;
    response.setHeader('Deprecation', `@${UNVERSIONED_ALIASES_DEPRECATED_AT}`);
    response.setHeader('Link', `<${successor}>; rel="successor-version"`);
  }
  next();
}

const splitUrl = (url: string): [string, string] => {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
};

/** Serves the capabilities under /v1 (operational paths excepted) and the old paths as deprecated aliases. */
export function serveUnderVersionPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_VERSION_PREFIX, { exclude: UNVERSIONED_PATHS.flatMap((path) => [path, `${path}/{*rest}`]) });
  app.use(aliasUnversionedPaths);
}
