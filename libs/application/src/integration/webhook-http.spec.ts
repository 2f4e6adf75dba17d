import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { postPinned } from './webhook-http';

// Only loopback traffic: the names below are never looked up, the pinned address is used instead.
describe('postPinned: connects to the checked address, keeps the Host, follows no redirect', () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; path?: string; body: string }[] = [];
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ host: req.headers.host, path: req.url, body });
        if (req.url === '/hang') return; // never answers
        if (req.url === '/moved') res.writeHead(302, { Location: 'http://169.254.169.254/' }).end();
        else res.writeHead(204).end();
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  const target = (path: string, hostname = 'hooks.example.org', p = port) => ({ url: new URL(`http://${hostname}:${p}${path}`), hostname, port: p, allowListed: true, pinned: { address: '127.0.0.1', family: 4 as const } });

  it('reaches the pinned address under the URL host name', async () => {
    expect(await postPinned(target('/hook?x=1'), { 'Content-Type': 'application/json' }, '{"a":1}', 2000)).toEqual({ status: 204 });
    expect(seen.at(-1)).toEqual({ host: `hooks.example.org:${port}`, path: '/hook?x=1', body: '{"a":1}' });
  });

  it('reports a redirect as its status and does not follow it', async () => {
    const before = seen.length;
    expect(await postPinned(target('/moved'), {}, 'x', 2000)).toEqual({ status: 302 });
    expect(seen.length).toBe(before + 1);
  });

  it('gives up on a receiver that never answers', async () => {
    const started = Date.now();
    expect(await postPinned(target('/hang'), {}, 'x', 200)).toEqual({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('calls a closed port unreachable, without the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await postPinned(target('/hook', 'hooks.example.org', closedPort), {}, 'x', 2000)).toEqual({ failure: 'unreachable' });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = postPinned(target('/hang'), {}, 'x', 10_000, controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ failure: 'aborted' });
  });
});
