import { answeredAsShared } from '../shared/shared-json';

/** Questions kept per basis; the least recently asked is forgotten first (a basis lives about a minute or until a write). */
const QUESTIONS_PER_BASIS = 64;
const answers = new WeakMap<object, Map<string, object>>();

/**
 * The answer to a question about a memoised basis (an object that stays the same while it is current, such as the area
 * snapshot of a minute), computed once per basis and question and handed to every reader as the same shared object
 * (answeredAsShared: serialised once). A computation that throws is not kept.
 */
export function answerOnce<T extends object>(basis: object, question: unknown[], compute: () => T): T {
  const key = JSON.stringify(question);
  let asked = answers.get(basis);
  if (!asked) answers.set(basis, (asked = new Map()));
  const known = asked.get(key) as T | undefined;
  asked.delete(key);
  const answer = known ?? answeredAsShared(compute());
  asked.set(key, answer);
  if (asked.size > QUESTIONS_PER_BASIS) asked.delete(asked.keys().next().value!);
  return answer;
}
