/** The area code of "everything" (the unfiltered totals). */
export const ALL_AREAS = 'all';

/** "Any value" in a dimension of the waitlist cube. */
export const ANY = '*';
