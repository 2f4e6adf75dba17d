import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { Roles } from '../auth/roles.decorator';

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly runner: ProjectionRunner) {}

  /** Position, version and lag of every projection. */
  @Get('status')
  @Roles('admin', 'auditor')
  status() {
    return this.runner.status();
  }
}
