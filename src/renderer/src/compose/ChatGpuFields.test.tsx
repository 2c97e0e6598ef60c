// @vitest-environment node
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { format, LocaleProvider } from '../i18n/i18n'
import { MESSAGES } from '../i18n/messages'
import { ChatGpuFields, chatGpuRequest, DEFAULT_CHAT_GPU } from './ChatGpuFields'

beforeAll(() => {
  Object.assign(globalThis, { localStorage: { getItem: () => 'en', setItem: () => undefined } })
})

const render = (chatTemplate: boolean, system = ''): string =>
  renderToStaticMarkup(
    <LocaleProvider initial="en">
      <ChatGpuFields value={{ ...DEFAULT_CHAT_GPU, system }} onChange={() => undefined} chatTemplate={chatTemplate} />
    </LocaleProvider>,
  )

describe('"As chat"', () => {
  it('is ticked and offers a system prompt for a model with a chat template', () => {
    const html = render(true)
    expect(html).toMatch(/<input type="checkbox" checked=""\/> As chat/)
    expect(html).toContain('aria-label="system prompt"')
    expect(html).not.toContain('chat-none')
  })
  it('is off and disabled for a model without one, and says why in one line', () => {
    const html = render(false)
    expect(html).toMatch(/<input type="checkbox" disabled=""\/> As chat/)
    expect(html).not.toContain('aria-label="system prompt"')
    expect(html).toContain(
      '<span class="chat-none">This model has no chat template: the prompt goes to it as it is.</span>',
    )
  })
  it('sends nothing of chat for a model without a template, even a system prompt typed for another model', () => {
    const t = (key: keyof (typeof MESSAGES)['en'], vars?: Record<string, string | number>): string =>
      format(MESSAGES.en[key], vars)
    const typed = { chat: true, system: 'Be brief.', gpuLayers: 'auto' }
    expect(chatGpuRequest(typed, t, true)).toEqual({ system: 'Be brief.' })
    expect(chatGpuRequest(typed, t, false)).toEqual({})
    expect(chatGpuRequest({ ...typed, chat: false }, t, true)).toEqual({ chat: false })
    expect(chatGpuRequest({ ...typed, chat: false }, t, false)).toEqual({})
  })
})
