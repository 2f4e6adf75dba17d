import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProjectionRunner } from '@wijkzorg/read-models';

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly runner: ProjectionRunner) {}

  /** Position, version and lag of every projection. */
  @Get('status')
  status() {
    return this.runner.status();
  }
}
