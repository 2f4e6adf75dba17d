import { Type } from '@nestjs/common';
import { MeasureGroup } from '../measure-table';
import { WonenGroup } from './wonen.group';
import { DekkingGroup } from './dekking.group';

/** Every group of outcome measures, in the order the dashboard shows them. One line per group. */
export const MEASURE_GROUP_CLASSES: Type<MeasureGroup>[] = [
  WonenGroup,
  DekkingGroup,
];
