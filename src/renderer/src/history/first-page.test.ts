import { describe, expect, it } from 'vitest'
import { FIRST_PAGE_REQUEST } from './first-page'
import { listRequest, NO_FILTERS } from './history-query'

describe('the early first page', () => {
  it('is the very request the history makes for its unfiltered first page, so that the history takes its answer', () => {
    expect(JSON.stringify(FIRST_PAGE_REQUEST)).toBe(JSON.stringify(listRequest(NO_FILTERS, 0)))
  })
})
