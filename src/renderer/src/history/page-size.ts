/** Experiments asked for at a time, as the list scrolls to them. */
export const PAGE_SIZE = 50

/** The unfiltered first page, as listRequest(NO_FILTERS, 0) asks for it: main.tsx asks for it first of all. */
export const FIRST_PAGE = { limit: PAGE_SIZE, offset: 0 } as const
