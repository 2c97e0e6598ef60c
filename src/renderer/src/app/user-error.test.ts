import { describe, expect, it } from 'vitest'
import type { Translate } from '../i18n/i18n'
import { userError } from './user-error'

const t: Translate = (key, vars) => `${key} ${JSON.stringify(vars)}`

describe('userError', () => {
  it('passes the main process message unchanged', () => {
    expect(userError(new Error('run 3 is still decoding: cancel it first'), t)).toBe(
      'run 3 is still decoding: cancel it first',
    )
  })
  it('explains a request that could not reach the service', () => {
    expect(userError(new TypeError('Failed to fetch'), t)).toBe('app.unreachable {"error":"Failed to fetch"}')
  })
  it('shows a thrown non-Error as text', () => {
    expect(userError('boom', t)).toBe('boom')
  })
})
