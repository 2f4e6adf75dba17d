/** Webhook URLs that must be refused (422 naming `url`) unless allow-listed: every spelling of the service's own network. */
export const HOSTILE_WEBHOOK_URLS = [
  'http://127.0.0.1/hook',
  'http://localhost/hook',
  'http://LOCALHOST./hook',
  'http://2130706433/', // 127.0.0.1 in decimal
  'http://0x7f.1/', // hex
  'http://0177.0.0.1/', // octal
  'http://127.1/',
  'http://0x7f000001/',
  'http://%31%32%37.0.0.1/', // percent-encoded
  'http://[::127.0.0.1]/', // IPv4-compatible
  'http://[::ffff:0:a9fe:a9fe]/', // IPv4-translated
  'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', // Teredo, client 127.0.0.1
  'http://168.63.129.16/', // Azure wire server
  'http://0/',
  'http://[::1]/',
  'http://[::]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:169.254.169.254]/latest/meta-data',
  'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
  'http://[64:ff9b::169.254.169.254]/',
  'http://[64:ff9b:1::a00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[fd00:ec2::254]/latest/meta-data',
  'http://169.254.169.254/latest/meta-data',
  'http://100.100.100.200/latest/meta-data',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata/',
  'http://10.0.0.1:8080/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[fec0::1]/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://intranet/',
  'http://printer.local/',
  'https://user:secret@hooks.example.org/',
  'http://hooks.example.org:22/',
];
