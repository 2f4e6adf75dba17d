import { BUDGET_PURPOSES, BudgetPurpose, FUNDERS, Funder } from '@wijkzorg/domain';
import { Cents, CommandDto, Flag, Identifier, OneOf, Text, UtcTime, WholeNumber } from '../shared/fields';

export class AllocateBudgetDto extends CommandDto {
  @WholeNumber(2000, 2100) year: number;
  @OneOf(FUNDERS) funder: Funder;
  @Cents() amountCents: number;
}
export class ReleaseBudgetDto extends CommandDto {
  @Identifier() releaseId: string;
  @WholeNumber(2000, 2100) year: number;
  @OneOf(FUNDERS) funder: Funder;
  @OneOf(BUDGET_PURPOSES, { description: 'what the money is for, as a code (grouped and published by code only)' }) purpose: BudgetPurpose;
  @Text({ optional: true, max: 1000, description: "free text about the purpose: personal data, sealed with the client's key, never published" }) note?: string;
  @Cents() amountCents: number;
  @Text({ max: 200 }) approvedBy: string;
  @Flag({ optional: true, description: 'maatwerk released at once by the doorbraaktafel' }) fastTrack?: boolean;
  @Flag({ optional: true, description: 'release beyond the allocation (doorbraaktafel only)' }) overrideAllocation?: boolean;
  @Text({ optional: true }) justification?: string;
  @Identifier({ optional: true, description: "the pot that pays instead of the client's allocation: the flex pot of the client's gemeente (doorbraaktafel only, with caseId); year and funder must be the pot's" }) potId?: string;
  @Identifier({ optional: true, description: 'the doorbraaktafel case whose decision this release carries out (with potId)' }) caseId?: string;
}
export class SpendBudgetDto extends CommandDto {
  @Cents() amountCents: number;
  @Text() description: string;
  @UtcTime() spentAt: string;
}
export class SettleBudgetDto extends CommandDto {
  @WholeNumber(2000, 2100) year: number;
  @OneOf(FUNDERS) funder: Funder;
}
