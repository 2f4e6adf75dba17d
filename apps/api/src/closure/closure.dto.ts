import { CLOSURE_REASONS, ClosureReason } from '@wijkzorg/domain';
import { CommandDto, OneOf, Text, UtcTime } from '../shared/fields';

export class CloseTrajectoryDto extends CommandDto {
  @OneOf(CLOSURE_REASONS, { description: 'why the trajectory ends (overig needs a note)' }) reason: ClosureReason;
  @Text({ optional: true, description: 'free text about the closure: sealed with the client key' }) note?: string;
  @UtcTime({ description: 'when the trajectory ends' }) effectiveAt: string;
}
