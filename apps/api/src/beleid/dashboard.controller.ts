import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { DASHBOARD_HTML } from './dashboard.page';

/** The page itself is public; every figure on it comes from /beleid with the policymaker's token. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
  page(): string {
    return DASHBOARD_HTML;
  }
}
