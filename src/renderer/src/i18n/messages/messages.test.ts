import { describe, expect, it } from 'vitest'
import { app } from './app'
import { codeNames } from './code-names'
import { compare } from './compare'
import { compose } from './compose'
import { exportMessages } from './export'
import { history } from './history'
import { metricsMessages } from './metrics'
import { provenanceMessages } from './provenance'
import { remote } from './remote'
import { shell } from './shell'
import { sweepMessages } from './sweep'
import { intervalMessages } from './intervals'
import { diffMessages } from './diff'
import { tree } from './tree'
import { REPORT_MESSAGES } from '../../../../core/report/report-messages'
import { chatMessagesText } from './chat'
import { discoverMessages } from './discover'

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe.each([
  ['app', app],
  ['compose', compose],
  ['history', history],
  ['tree', tree],
  ['compare', compare],
  ['export', exportMessages],
  ['remote', remote],
  ['metrics', metricsMessages],
  ['provenance', provenanceMessages],
  ['sweep', sweepMessages],
  ['intervals', intervalMessages],
  ['diff', diffMessages],
  ['shell', shell],
  ['code names', codeNames],
  ['chat', chatMessagesText],
  ['discover', discoverMessages],
  ['report', { en: REPORT_MESSAGES.en, zh: REPORT_MESSAGES['zh-CN'] }],
])('the %s texts', (_area, table) => {
  it('have a non-empty Chinese text for every English key, with the same {placeholders}', () => {
    for (const [key, en] of Object.entries(table.en)) {
      const zh = (table.zh as Record<string, string>)[key]
      expect(zh.trim(), key).not.toBe('')
      expect(placeholders(zh), key).toEqual(placeholders(en))
    }
  })
  it('carry no key that English lacks', () => {
    expect(Object.keys(table.zh).sort()).toEqual(Object.keys(table.en).sort())
  })
})

describe('placeholders', () => {
  it('lists the named variables of a template', () => {
    expect(placeholders('第 {from}–{to} 条，共 {total} 条')).toEqual(['from', 'to', 'total'])
  })
})
