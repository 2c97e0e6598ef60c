import { REPORT_MESSAGES } from '../../../core/report/report-messages'
import { app } from './messages/app'
import { codeNames } from './messages/code-names'
import { chatMessagesText } from './messages/chat'
import { compare } from './messages/compare'
import { compose } from './messages/compose'
import { discoverMessages } from './messages/discover'
import { exportMessages } from './messages/export'
import { history } from './messages/history'
import { metricsMessages } from './messages/metrics'
import { provenanceMessages } from './messages/provenance'
import { remote } from './messages/remote'
import { shell } from './messages/shell'
import { sweepMessages } from './messages/sweep'
import { intervalMessages } from './messages/intervals'
import { diffMessages } from './messages/diff'
import { tree } from './messages/tree'
import { stepMessages } from './messages/step'

/** Every area keeps its own English and Simplified Chinese texts; the Chinese must have every English key. The report's live in the core, which makes it. */
const en = {
  ...app.en,
  ...compose.en,
  ...compare.en,
  ...tree.en,
  ...stepMessages.en,
  ...history.en,
  ...exportMessages.en,
  ...remote.en,
  ...metricsMessages.en,
  ...provenanceMessages.en,
  ...sweepMessages.en,
  ...intervalMessages.en,
  ...diffMessages.en,
  ...discoverMessages.en,
  ...chatMessagesText.en,
  ...shell.en,
  ...codeNames.en,
  ...REPORT_MESSAGES.en,
}
export type MessageKey = keyof typeof en
export type Locale = 'en' | 'zh-CN'

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = {
  en,
  'zh-CN': {
    ...app.zh,
    ...compose.zh,
    ...compare.zh,
    ...tree.zh,
    ...stepMessages.zh,
    ...history.zh,
    ...exportMessages.zh,
    ...remote.zh,
    ...metricsMessages.zh,
    ...provenanceMessages.zh,
    ...sweepMessages.zh,
    ...intervalMessages.zh,
    ...diffMessages.zh,
    ...discoverMessages.zh,
    ...chatMessagesText.zh,
    ...shell.zh,
    ...codeNames.zh,
    ...REPORT_MESSAGES['zh-CN'],
  },
}
