import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Public } from '../auth/roles.decorator';
import { ApiOperationOf, HEALTH_SCHEMA } from '../shared/openapi';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @ApiOperationOf('Whether the api and its event store answer', { schema: HEALTH_SCHEMA }, [429])
  @Get()
  @Public()
  async health() {
    const headPosition = await this.events.headPosition();
    return { status: 'ok', eventStore: { status: 'up', headPosition } };
  }
}
