import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { load } from 'js-yaml';
import { generateDocs } from './generate-docs';

const errorsOf = (diagnostics: { severity: DiagnosticSeverity; message: string; path: (string | number)[] }[]) =>
  diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.path.join('.')}: ${d.message}`);

describe('the published AsyncAPI document', () => {
  const published = readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8');

  it('docs/asyncapi.yaml is a valid AsyncAPI 3 document for @asyncapi/parser, with every public event as a message', async () => {
    const { document, diagnostics } = await new Parser().parse(published);
    expect(errorsOf(diagnostics)).toStrictEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    const { asyncapiYaml } = await generateDocs();
    const generated = load(asyncapiYaml) as { components: { messages: Record<string, unknown> } };
    expect(document!.components().messages().all().map((m) => m.id()).sort()).toEqual(Object.keys(generated.components.messages).sort());
  }, 60_000);

  it('the parser does find errors (a document without info is refused)', async () => {
    const broken = published.replace(/^info:\n( {2}.*\n)+/m, '');
    expect(broken).not.toContain('\ninfo:');
    const { document, diagnostics } = await new Parser().parse(broken);
    expect(document).toBeUndefined();
    expect(errorsOf(diagnostics).join('\n')).toMatch(/info/);
  });
});
