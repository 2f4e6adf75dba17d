/**
 * Preloaded into a child process (`node --require test/support/clock-ahead.cjs …`): its clock runs
 * WIJKZORG_TEST_CLOCK_AHEAD_MS ahead, so a step planned for next week is due "today" for the runner and
 * the api started after it. Only for tests; the service itself has no clock override.
 */
const ahead = Number(process.env.WIJKZORG_TEST_CLOCK_AHEAD_MS || 0);
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + ahead);
    else super(...args);
  }
  static now() {
    return RealDate.now() + ahead;
  }
}
globalThis.Date = ShiftedDate;
