import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDocs } from './generate-docs';

describe('generated documentation', () => {
  it('docs/events.md and docs/asyncapi.yaml are up to date with the catalog (run npm run docs)', async () => {
    const { eventsMarkdown, asyncapiYaml, missing } = await generateDocs();
    expect(missing).toStrictEqual([]);
    const root = join(__dirname, '../../../..');
    expect(readFileSync(join(root, 'docs/events.md'), 'utf8')).toBe(eventsMarkdown);
    expect(readFileSync(join(root, 'docs/asyncapi.yaml'), 'utf8')).toBe(asyncapiYaml);
  });
});
