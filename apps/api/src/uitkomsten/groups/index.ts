import { Type } from '@nestjs/common';
import { MeasureGroup } from '../measure-table';
import { WachtlijstGroup } from './wachtlijst.group';

/** Every group of outcome measures, in the order the dashboard shows them. One line per group. */
export const MEASURE_GROUP_CLASSES: Type<MeasureGroup>[] = [
  WachtlijstGroup,
];
