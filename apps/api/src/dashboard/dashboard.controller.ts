import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../auth/roles.decorator';
import { notFound } from '../shared/not-found';

/**
 * The page and its files are public; every figure on it comes from /v1/beleid/uitkomsten with the session cookie
 * of a signed-in policymaker. Scripts are files of this origin only (no inline script, no CDN).
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Built by `npm run build` (copied beside the compiled controller) or, under ts-jest, the source folder itself. */
const ASSETS = [join(__dirname, 'assets'), join(__dirname, '../../../../../apps/api/src/dashboard/assets')].find((dir) => existsSync(join(dir, 'index.html')))!;

const FILES: Record<string, { type: string; path: () => string }> = {
  'app.js': { type: 'text/javascript; charset=utf-8', path: () => join(ASSETS, 'app.js') },
  'app.css': { type: 'text/css; charset=utf-8', path: () => join(ASSETS, 'app.css') },
  // chart.js's package exports do not name its UMD build: found beside its main file (dist/chart.cjs).
  'chart.umd.js': { type: 'text/javascript; charset=utf-8', path: () => join(dirname(require.resolve('chart.js')), 'chart.umd.js') },
};

const contents = new Map<string, string>();
const read = (path: string) => contents.get(path) ?? contents.set(path, readFileSync(path, 'utf8')).get(path)!;

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return read(join(ASSETS, 'index.html'));
  }

  @Get(':file')
  @Public()
  @Header('Content-Security-Policy', CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  file(@Param('file') name: string, @Res({ passthrough: true }) response: Response): string {
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) throw notFound('no such file of the dashboard', { field: 'file', problem: `must be one of: ${Object.keys(FILES).join(', ')}` });
    response.type(file.type);
    return read(file.path());
  }
}
