import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { Roles } from '../auth/roles.decorator';
import { ApiRead } from '../shared/openapi';
import { ProjectionStatusDto } from './projections.responses';

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly runner: ProjectionRunner) {}

  /** Position, version and lag of every projection. */
  @ApiRead('Where each read model stands against the log', { description: 'per projection: position and lag', type: [ProjectionStatusDto] })
  @Get('status')
  @Roles('admin', 'auditor')
  status() {
    return this.runner.status();
  }
}
