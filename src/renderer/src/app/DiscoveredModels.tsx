import { useState } from 'react'
import type { DiscoveredModel } from '../../../core/discovered-model'
import { formatBytes } from '../../../core/gguf/gguf-check'
import { formatParameters } from '../../../core/gguf/gguf-summary'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'
import { userError } from './user-error'
import { useDiscovery } from './use-discovery'
import './discovered-models.css'

/** GGUF files in LM Studio's, Hugging Face's and Ollama's folders and in folders the user adds, with what their headers say. */
export function DiscoveredModels({
  onUse,
  reloadModels,
}: {
  onUse: (path: string) => void
  reloadModels: () => Promise<void>
}) {
  const t = useT()
  const d = useDiscovery()
  const [folder, setFolder] = useState('')
  const [useError, setUseError] = useState('')
  // Opened as a model file first: the main process checks it and remembers it, so the model picker lists it.
  const use = async (file: string): Promise<void> => {
    setUseError('')
    try {
      const opened = await lab.invoke('models.openFile', { path: file })
      await reloadModels()
      onUse(opened.path)
    } catch (e) {
      setUseError(userError(e, t))
    }
  }
  // The added folders come last among those searched, in the order they were added.
  const firstAdded = d.found?.searched.findIndex((s) => s.source === 'folder') ?? -1
  const add = (): void => {
    const f = folder.trim()
    if (f && !d.folders.includes(f)) d.setFolders([...d.folders, f])
    setFolder('')
  }
  return (
    <section aria-label={t('discover.title')} className="discovered-models">
      <h3>{t('discover.title')}</h3>
      <p className="hint">{t('discover.hint')}</p>
      <ul className="searched-folders">
        {d.found?.searched.map((s, i) => (
          <li key={`${s.source}:${s.path}`}>
            {t(s.exists ? 'discover.present' : 'discover.absent', {
              source: t(`discover.source.${s.source}`),
              path: s.path,
            })}
            {s.source === 'folder' && (
              <button type="button" onClick={() => d.setFolders(d.folders.filter((_, j) => j !== i - firstAdded))}>
                {t('discover.removeFolder', { folder: s.path })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          add()
        }}
      >
        <label>
          {t('discover.folder')} <input value={folder} onChange={(e) => setFolder(e.target.value)} />
        </label>{' '}
        <button type="submit">{t('discover.addFolder')}</button>{' '}
        <button type="button" disabled={d.scanning} onClick={() => void d.scan()}>
          {t(d.scanning ? 'discover.scanning' : 'discover.scan')}
        </button>
      </form>
      {useError && (
        <p role="alert" className="error">
          {useError}
        </p>
      )}
      {d.error && (
        <p role="alert" className="error">
          {t('discover.error', { error: d.error })}
        </p>
      )}
      {d.found && d.found.models.length === 0 && <p>{t('discover.none')}</p>}
      {d.found && d.found.models.length > 0 && <DiscoveredTable models={d.found.models} onUse={(p) => void use(p)} />}
    </section>
  )
}

/** Columns whose header shows a short form (its full name as the tooltip), so that all ten fit beside the sidebar. */
const SHORT = { architecture: true, parameters: true, quantisation: true, vocab: true, chat: true } as const

function DiscoveredTable({ models, onUse }: { models: DiscoveredModel[]; onUse: (path: string) => void }) {
  const t = useT()
  const heads = [
    'name',
    'source',
    'architecture',
    'parameters',
    'quantisation',
    'context',
    'vocab',
    'chat',
    'size',
  ] as const
  return (
    <div className="discovered-table">
      <table>
        <thead>
          <tr>
            {heads.map((h) =>
              h in SHORT ? (
                <th key={h}>
                  <abbr title={t(`discover.${h}`)}>{t(`discover.short.${h as keyof typeof SHORT}`)}</abbr>
                </th>
              ) : (
                <th key={h}>{t(`discover.${h}`)}</th>
              ),
            )}
            <th />
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.path} title={m.path}>
              <td className="name">{m.name}</td>
              <td>{t(`discover.source.${m.source}`)}</td>
              {m.error !== null ? (
                <td colSpan={7} className="error">
                  {t('discover.unreadable', { error: m.error })}
                </td>
              ) : (
                <>
                  <td>{m.architecture}</td>
                  <td className="figure">{m.parameters === null ? '' : formatParameters(m.parameters)}</td>
                  <td>{m.quantisation}</td>
                  <td className="figure">{m.contextLength}</td>
                  <td className="figure">{m.vocabSize}</td>
                  <td>{t(m.chatTemplate ? 'discover.yes' : 'discover.no')}</td>
                  <td className="figure">{formatBytes(m.sizeBytes)}</td>
                </>
              )}
              <td>
                {m.error === null && (
                  <button type="button" onClick={() => onUse(m.path)}>
                    {t('shell.useModel')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
