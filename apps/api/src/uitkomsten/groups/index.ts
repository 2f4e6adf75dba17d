import { Type } from '@nestjs/common';
import { MeasureGroup } from '../measure-table';
import { ZorgGroup } from './zorg.group';
import { VerhuizingenGroup } from './verhuizingen.group';
import { InformeleZorgGroup } from './informele-zorg.group';
import { BuurtGroup } from './buurt.group';
import { DoorbraaktafelGroup } from './doorbraaktafel.group';
import { GeldGroup } from './geld.group';
import { WachtlijstGroup } from './wachtlijst.group';
import { WonenGroup } from './wonen.group';
import { DekkingGroup } from './dekking.group';

/** Every group of outcome measures, in the order the dashboard shows them. One line per group. */
// prettier-ignore
export const MEASURE_GROUP_CLASSES: Type<MeasureGroup>[] = [
  ZorgGroup,
  VerhuizingenGroup,
  InformeleZorgGroup,
  WachtlijstGroup,
  WonenGroup,
  DekkingGroup,
  DoorbraaktafelGroup,
  GeldGroup,
  BuurtGroup,
];
