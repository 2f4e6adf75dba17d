import { ResolvedAddress, SsrfGuard, forbiddenRange, parseAllowedHosts } from './ssrf-guard';

// No traffic leaves this test: names resolve through this table, never through DNS.
const DNS: Record<string, string[]> = {
  'hooks.example.org': ['93.184.215.14'],
  'dual.example.org': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'rebind.example.org': ['93.184.215.14', '127.0.0.1'],
  'private.example.org': ['10.1.2.3'],
  'mapped.example.org': ['::ffff:169.254.169.254'],
  'nat64.example.org': ['64:ff9b::a9fe:a9fe'],
  'metadata.example.org': ['fd00:ec2::254'],
  'scoped.example.org': ['fe80::1%eth0'],
  'dev.example.org': ['127.0.0.1'],
};
const lookedUp: string[] = [];
const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
  lookedUp.push(hostname);
  const addresses = DNS[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const guard = new SsrfGuard({ resolver });

describe('forbiddenRange: every special-purpose address form is named', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['168.63.129.16', 'cloud metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['192.88.99.1', '6to4 relay'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped cloud metadata'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped cloud metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:0:a00:1', 'IPv4-translated private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['::a9fe:a9fe', 'IPv4-compatible cloud metadata'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
    ['64:ff9b::8.8.8.8', 'NAT64'],
    ['64:ff9b:1::1', 'NAT64'],
    ['2002:7f00:1::', '6to4 loopback'],
    ['2002:a9fe:a9fe::1', '6to4 cloud metadata'],
    ['2002:c0a8:101::1', '6to4 private'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo loopback'], // client 127.0.0.1, obfuscated
    ['2001:0:a00:1::1', 'Teredo private'], // server 10.0.0.1
    ['fd00:ec2::254', 'cloud metadata'],
    ['fd00:ec2::23', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['ff05::2', 'multicast'],
    ['100::1', 'discard-only'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'ORCHID'],
    ['4000::1', 'reserved'],
    ['::2', 'reserved'],
    ['not-an-ip', 'not an IP address'],
  ])('%s is %s', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '2a00:1450:400e:80c::200e', '::ffff:8.8.8.8', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7'])('%s may be contacted', (address) => {
    expect(forbiddenRange(address)).toBeNull();
  });
});

describe('SsrfGuard.checkUrl: scheme, credentials, port, names and literals in every spelling', () => {
  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://localhost/hook', 'localhost'],
    ['http://LOCALHOST./hook', 'localhost'],
    ['http://app.localhost/hook', 'app.localhost'],
    ['http://2130706433/', 'loopback'], // decimal
    ['http://0x7f.1/', 'loopback'], // hex, short form
    ['http://0177.0.0.1/', 'loopback'], // octal
    ['http://127.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://%31%32%37.0.0.1/', 'loopback'], // percent-encoded
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://[::1]/', 'loopback'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['http://[::ffff:169.254.169.254]/latest/meta-data', 'IPv4-mapped cloud metadata'],
    ['http://[64:ff9b::169.254.169.254]/', 'NAT64'],
    ['http://[fd00:ec2::254]/latest/meta-data', 'cloud metadata'],
    ['http://169.254.169.254/latest/meta-data', 'cloud metadata'],
    ['http://100.100.100.200/latest/meta-data', 'cloud metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal'],
    ['http://metadata.google.internal./computeMetadata/v1/', 'metadata.google.internal'],
    ['http://metadata.goog/', 'metadata.goog'],
    ['http://metadata/', 'metadata service (metadata)'],
    ['http://wijkzorg-db/', 'single-label'],
    ['http://intranet/hook', 'single-label'],
    ['http://printer.local/', 'printer.local'],
    ['http://router.home.arpa/', 'router.home.arpa'],
    ['http://10.0.0.5:8080/', 'private'],
    ['http://192.168.0.1/', 'private'],
    ['http://172.20.1.1/', 'private'],
    ['http://100.64.1.1/', 'carrier-grade NAT'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fc00::1]/', 'unique-local'],
    ['http://[fec0::1]/', 'site-local'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://224.0.0.251/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://[2002:7f00:1::]/', '6to4 loopback'],
    ['http://192.0.2.10/', 'documentation'],
    ['https://user:pass@hooks.example.org/', 'credentials'],
    ['https://token@hooks.example.org/', 'credentials'],
    ['http://hooks.example.org:22/', 'port 22'],
    ['http://hooks.example.org:6/', 'port 6'],
    ['https://93.184.215.14:25/', 'port 25'],
  ])('refuses %s (%s)', (url, why) => {
    const verdict = guard.checkUrl(url);
    expect(verdict).toMatchObject({ ok: false, reason: 'refused_by_policy' });
    expect(verdict.ok === false && verdict.detail).toContain(why);
  });

  it.each(['not a url', 'ftp://hooks.example.org/', 'file:///etc/passwd', 'gopher://hooks.example.org/', 'javascript:alert(1)', '//hooks.example.org/hook', 'http://'])('calls %s malformed', (url) => {
    expect(guard.checkUrl(url)).toMatchObject({ ok: false, reason: 'invalid_url' });
  });

  it.each([
    ['https://hooks.example.org/wijkzorg', 'hooks.example.org', 443],
    ['http://hooks.example.org:8080/x?y=1', 'hooks.example.org', 8080],
    ['https://93.184.215.14/hook', '93.184.215.14', 443],
    ['https://[2606:4700:4700::1111]:8443/hook', '2606:4700:4700::1111', 8443],
    ['http://[::ffff:8.8.8.8]/', '::ffff:808:808', 80],
    ['https://Hooks.Example.ORG./', 'hooks.example.org', 443],
  ])('accepts %s', (url, hostname, port) => {
    expect(guard.checkUrl(url)).toMatchObject({ ok: true, hostname, port, allowListed: false });
  });
});

describe('SsrfGuard.checkConnect: every resolved address is checked, one is pinned', () => {
  it('pins the first address of a public name', async () => {
    expect(await guard.checkConnect('https://dual.example.org/hook')).toMatchObject({ ok: true, hostname: 'dual.example.org', pinned: { address: '93.184.215.14', family: 4 } });
  });

  it.each([
    ['https://rebind.example.org/', 'loopback'],
    ['https://private.example.org/', 'private'],
    ['https://mapped.example.org/', 'IPv4-mapped cloud metadata'],
    ['https://nat64.example.org/', 'NAT64'],
    ['https://metadata.example.org/', 'cloud metadata'],
    ['https://scoped.example.org/', 'link-local'],
  ])('refuses %s when any address is %s', async (url, range) => {
    expect(await guard.checkConnect(url)).toEqual({ ok: false, reason: 'refused_by_policy', detail: `url resolves to a ${range} address` });
  });

  it('calls a name that does not resolve unreachable, and does not look up IP literals or statically refused names', async () => {
    lookedUp.length = 0;
    expect(await guard.checkConnect('https://gone.example.org/')).toMatchObject({ ok: false, reason: 'unreachable' });
    await guard.checkConnect('https://93.184.215.14/');
    await guard.checkConnect('http://localhost/');
    await guard.checkConnect('http://[::1]/');
    expect(lookedUp).toEqual(['gone.example.org']);
  });

  it('gives up on a lookup that hangs', async () => {
    const slow = new SsrfGuard({ resolver: () => new Promise(() => undefined), lookupTimeoutMs: 50 });
    expect(await slow.checkConnect('https://hooks.example.org/')).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('at registration accepts a name that does not resolve yet, but refuses one that resolves to a forbidden address', async () => {
    expect(await guard.checkRegistration('https://gone.example.org/')).toMatchObject({ ok: true });
    expect(await guard.checkRegistration('https://private.example.org/')).toMatchObject({ ok: false, reason: 'refused_by_policy' });
    expect(await guard.checkRegistration('http://127.0.0.1/')).toMatchObject({ ok: false, reason: 'refused_by_policy' });
  });
});

describe('WIJKZORG_WEBHOOK_ALLOWED_HOSTS', () => {
  it('parses host[:port] entries, IPv6 in brackets', () => {
    expect(parseAllowedHosts(' 127.0.0.1:4000, localhost ,[::1]:8080,dev.example.org.,')).toEqual([{ hostname: '127.0.0.1', port: 4000 }, { hostname: 'localhost' }, { hostname: '::1', port: 8080 }, { hostname: 'dev.example.org' }]);
    expect(parseAllowedHosts(undefined)).toStrictEqual([]);
  });

  it('lets exactly the listed hosts (and ports) through, still resolving and pinning them', async () => {
    const dev = new SsrfGuard({ resolver, allowedHosts: '127.0.0.1:4000,dev.example.org,[::1]' });
    expect(await dev.checkConnect('http://127.0.0.1:4000/hook')).toMatchObject({ ok: true, allowListed: true, pinned: { address: '127.0.0.1' } });
    expect(await dev.checkConnect('http://dev.example.org:9/hook')).toMatchObject({ ok: true, allowListed: true, pinned: { address: '127.0.0.1' } });
    expect(await dev.checkConnect('http://[::1]:5000/')).toMatchObject({ ok: true, allowListed: true, pinned: { address: '::1', family: 6 } });
    expect(dev.checkUrl('http://127.0.0.1:4001/hook')).toMatchObject({ ok: false, reason: 'refused_by_policy' });
    expect(dev.checkUrl('http://2130706433:4000/hook')).toMatchObject({ ok: true, allowListed: true }); // the same host, spelled differently
    expect(dev.checkUrl('http://localhost:4000/hook')).toMatchObject({ ok: false, reason: 'refused_by_policy' });
    expect(dev.checkUrl('http://user:pw@127.0.0.1:4000/')).toMatchObject({ ok: false, detail: 'url may not carry credentials' });
  });
});
