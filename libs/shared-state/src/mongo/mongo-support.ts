import { mongoDriver } from '@wijkzorg/event-store';

/** Duplicate key: another instance inserted the same _id (or unique value) first. */
export const isDuplicateKey = (error: unknown): boolean => error instanceof mongoDriver().MongoServerError && error.code === 11000;

/** Is the field present in the document (a pipeline expression)? */
export const present = (field: string) => ({ $ne: [{ $type: `$${field}` }, 'missing'] });

/** The connection string as it may be shown: without the password. */
export function redactedMongoUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
