import type { ModelList } from '../compose/use-models'
import { kindLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import { DiscoveredModels } from './DiscoveredModels'

/** The models the app knows (built-in, registered, trained) and the model files used before. */
export function ModelsView({ models, onUse }: { models: ModelList; onUse: (modelId: string) => void }) {
  const t = useT()
  return (
    <section className="models-view" aria-label={t('shell.modelsTitle')}>
      <h2>{t('shell.modelsTitle')}</h2>
      {models.error && (
        <p role="alert" className="error">
          {t('compose.modelsError', { error: models.error })}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('shell.modelId')}</th>
            <th>{t('shell.modelKind')}</th>
            <th />
            <th />
          </tr>
        </thead>
        <tbody>
          {models.models.map((m) => (
            <tr key={m.id}>
              <td>{m.id}</td>
              <td>{kindLabel(t, m.kind)}</td>
              <td>{m.description}</td>
              <td>
                <button type="button" onClick={() => onUse(m.id)}>
                  {t('shell.useModel')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {models.recent.length > 0 && (
        <>
          <h3>{t('shell.recentFiles')}</h3>
          <ul>
            {models.recent.map((path) => (
              <li key={path}>
                <code>{path}</code>{' '}
                <button type="button" onClick={() => onUse(path)}>
                  {t('shell.useModel')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <DiscoveredModels onUse={onUse} reloadModels={models.reload} />
    </section>
  )
}
