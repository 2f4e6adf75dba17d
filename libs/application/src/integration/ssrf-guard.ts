import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Keeps webhooks away from the service's own network: loopback, private and link-local ranges,
 * cloud metadata services, and every address form that embeds one of those (mapped, NAT64, 6to4,
 * Teredo). Names are resolved at connect time and the connection is pinned to the checked
 * address, so DNS rebinding cannot swap it after the check.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (dns.lookup with all:true by default; injectable for tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A webhook URL that passed the static checks. */
export interface WebhookTarget {
  url: URL;
  /** The host without IPv6 brackets or trailing dot, lower case. */
  hostname: string;
  port: number;
  /** Matched an entry of WIJKZORG_WEBHOOK_ALLOWED_HOSTS: address ranges and port rules do not apply. */
  allowListed: boolean;
}

/** Why a URL is refused: `invalid_url` is a malformed request (400), `refused_by_policy` a broken rule (422). */
export interface Refusal {
  ok: false;
  reason: 'invalid_url' | 'refused_by_policy';
  detail: string;
}

export type StaticVerdict = ({ ok: true } & WebhookTarget) | Refusal;
/** A checked target and the one address to connect to; `unreachable` when the name does not resolve. */
export type ConnectVerdict = ({ ok: true; pinned: ResolvedAddress } & WebhookTarget) | Refusal | { ok: false; reason: 'unreachable'; detail: string };

const subnets = (type: 'ipv4' | 'ipv6', ranges: [string, string][]) =>
  ranges.map(([cidr, name]) => {
    const [network, prefix] = cidr.split('/');
    const list = new BlockList();
    list.addSubnet(network, Number(prefix ?? (type === 'ipv4' ? 32 : 128)), type);
    return { name, list };
  });

// Exact metadata addresses first, so a refusal names them; every other range is special-purpose space (IANA registries).
const IPV4_FORBIDDEN = subnets('ipv4', [
  ['169.254.169.254/32', 'cloud metadata'],
  ['100.100.100.200/32', 'cloud metadata'],
  ['168.63.129.16/32', 'cloud metadata'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const IPV6_FORBIDDEN = subnets('ipv6', [
  ['fd00:ec2::254/128', 'cloud metadata'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b::/96', 'NAT64'],
  ['64:ff9b:1::/48', 'NAT64'],
  ['100::/64', 'discard-only'],
  ['2001:2::/48', 'benchmarking'],
  ['2001:10::/28', 'ORCHID'],
  ['2001:20::/28', 'ORCHID'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
]);

const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/** Names that resolve inside the local network or to a metadata service, whatever DNS says. */
const FORBIDDEN_NAMES = ['localhost', 'metadata', 'metadata.goog', 'metadata.google.internal', 'instance-data'];
const FORBIDDEN_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.home.arpa', '.intranet', '.lan'];

const ALLOWED_PORTS_BELOW_1024 = new Set([80, 443]);

/** The forbidden range an address lies in (e.g. 'loopback', 'IPv4-mapped private'), or null when it may be contacted. */
export function forbiddenRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return rangeOfV4(bare);
  if (version === 6) return rangeOfV6(bare);
  return 'not an IP address';
}

function rangeOfV4(address: string): string | null {
  return IPV4_FORBIDDEN.find((r) => r.list.check(address, 'ipv4'))?.name ?? null;
}

function rangeOfV6(address: string): string | null {
  const bytes = ipv6Bytes(address);
  const v4At = (offset: number, invert = false) =>
    bytes
      .slice(offset, offset + 4)
      .map((b) => (invert ? b ^ 0xff : b))
      .join('.');
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const embedding = (kind: string, ...v4s: string[]) => {
    const inner = v4s.map(rangeOfV4).find((r) => r !== null);
    return inner ? `${kind} ${inner}` : null;
  };
  // Forms that carry an IPv4 address: judged by that address.
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return embedding('IPv4-mapped', v4At(12)) ?? null;
  if (zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zero(10, 12)) return embedding('IPv4-translated', v4At(12)) ?? null;
  if (zero(0, 12) && !zero(12, 15)) return embedding('IPv4-compatible', v4At(12)) ?? null;
  const named = IPV6_FORBIDDEN.find((r) => r.list.check(address, 'ipv6'))?.name;
  if (named) return named;
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return embedding('6to4', v4At(2));
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && zero(2, 4)) return embedding('Teredo', v4At(4), v4At(12, true));
  if (!GLOBAL_UNICAST.check(address, 'ipv6')) return 'reserved';
  return null;
}

/** The 16 bytes of an IPv6 address (already known to be valid), including a dotted IPv4 tail. */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

interface AllowedHost {
  hostname: string;
  port?: number;
}

/** Parses WIJKZORG_WEBHOOK_ALLOWED_HOSTS: comma-separated `host[:port]` (IPv6 in brackets: `[::1]:8080`). */
export function parseAllowedHosts(setting: string | undefined): AllowedHost[] {
  return (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const url = new URL(`http://${entry}`);
      const hostname = normaliseHost(url.hostname);
      return /:\d+$/.test(entry) ? { hostname, port: Number(url.port || 80) } : { hostname };
    });
}

const normaliseHost = (hostname: string) =>
  hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

export class SsrfGuard {
  private readonly allowed: AllowedHost[];
  private readonly resolve: Resolver;
  private readonly lookupTimeoutMs: number;

  constructor(options: { allowedHosts?: string; resolver?: Resolver; lookupTimeoutMs?: number } = {}) {
    this.allowed = parseAllowedHosts(options.allowedHosts);
    this.resolve = options.resolver ?? systemResolver;
    this.lookupTimeoutMs = options.lookupTimeoutMs ?? 3000;
  }

  static fromEnv(env: NodeJS.ProcessEnv, resolver?: Resolver): SsrfGuard {
    return new SsrfGuard({ allowedHosts: env.WIJKZORG_WEBHOOK_ALLOWED_HOSTS, resolver });
  }

  /** What can be judged without DNS: scheme, credentials, port, host names and IP literals. */
  checkUrl(raw: string): StaticVerdict {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'invalid_url', detail: 'url must be an absolute http(s) URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'invalid_url', detail: 'url must use http or https' };
    if (url.username || url.password) return { ok: false, reason: 'refused_by_policy', detail: 'url may not carry credentials' };
    const hostname = normaliseHost(url.hostname);
    if (!hostname) return { ok: false, reason: 'invalid_url', detail: 'url must name a host' };
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const allowListed = this.allowed.some((a) => a.hostname === hostname && (a.port === undefined || a.port === port));
    if (allowListed) return { ok: true, url, hostname, port, allowListed };
    if (port < 1024 && !ALLOWED_PORTS_BELOW_1024.has(port)) return { ok: false, reason: 'refused_by_policy', detail: `url may not use port ${port} (80, 443 or 1024 and above)` };
    if (isIP(hostname)) {
      const range = forbiddenRange(hostname);
      if (range) return { ok: false, reason: 'refused_by_policy', detail: `url may not point at a ${range} address` };
    } else {
      if (FORBIDDEN_NAMES.includes(hostname) || FORBIDDEN_SUFFIXES.some((s) => hostname.endsWith(s))) return { ok: false, reason: 'refused_by_policy', detail: `url may not point at the local network or a metadata service (${hostname})` };
      if (!hostname.includes('.')) return { ok: false, reason: 'refused_by_policy', detail: 'url must name a fully qualified host (single-label names resolve inside the local network)' };
    }
    return { ok: true, url, hostname, port, allowListed };
  }

  /**
   * The full check at connect time: the static one, then every address the name resolves to.
   * One forbidden address refuses the lot (a name with a public and a private address is a rebinding trick).
   */
  async checkConnect(raw: string): Promise<ConnectVerdict> {
    const verdict = this.checkUrl(raw);
    if (!verdict.ok) return verdict;
    const version = isIP(verdict.hostname);
    let addresses: ResolvedAddress[];
    if (version) addresses = [{ address: verdict.hostname, family: version === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await this.resolveWithin(verdict.hostname);
      } catch {
        return { ok: false, reason: 'unreachable', detail: 'the host name does not resolve' };
      }
      if (addresses.length === 0) return { ok: false, reason: 'unreachable', detail: 'the host name does not resolve' };
    }
    if (!verdict.allowListed) {
      for (const { address } of addresses) {
        const range = forbiddenRange(address);
        if (range) return { ok: false, reason: 'refused_by_policy', detail: `url resolves to a ${range} address` };
      }
    }
    return { ...verdict, pinned: addresses[0] };
  }

  /** For registration: refuses what is forbidden now; a name that does not resolve yet is accepted (checked again at every delivery). */
  async checkRegistration(raw: string): Promise<StaticVerdict> {
    const verdict = await this.checkConnect(raw);
    if (verdict.ok) return verdict;
    if (verdict.reason === 'unreachable') return this.checkUrl(raw);
    return verdict;
  }

  private resolveWithin(hostname: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('lookup timed out')), this.lookupTimeoutMs)));
    return Promise.race([this.resolve(hostname), timeout]).finally(() => clearTimeout(timer));
  }
}
