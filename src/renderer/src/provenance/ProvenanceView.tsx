import type { RunDetail } from '../../../core/records'
import { formatStrategy } from '../../../core/strategy-spec'
import { kindLabel, strategyLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import type { MessageKey } from '../i18n/messages'

/** What each run of the open experiment needs to be reproduced, as it was recorded when it ran. */
export function ProvenanceView({ runs }: { runs: readonly RunDetail[] }) {
  const t = useT()
  if (runs.length === 0) return null
  return (
    <section className="provenance" aria-label={t('provenance.title')}>
      <h2>{t('provenance.title')}</h2>
      {runs.some((r) => !r.provenance) && <p className="empty">{t('provenance.notRecorded')}</p>}
      <GpuNotes runs={runs} />
      <ChatNotes runs={runs} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>{t('provenance.run')}</th>
              <th>{t('provenance.model')}</th>
              <th>{t('provenance.sha256')}</th>
              <th>{t('provenance.quantisation')}</th>
              <th>{t('provenance.backend')}</th>
              <th>{t('provenance.chain')}</th>
              <th>{t('provenance.parameters')}</th>
              <th>{t('provenance.seed')}</th>
              <th>{t('provenance.app')}</th>
              <th>{t('provenance.repeats')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const p = r.provenance
              if (!p) return null
              const backend = [p.backend.name, p.backend.version].filter(Boolean).join(' ')
              return (
                <tr key={r.id}>
                  <td title={formatStrategy(r.strategy)}>
                    #{r.id} {strategyLabel(t, r.strategy.name)}
                  </td>
                  <td>
                    {p.model.id} ({kindLabel(t, p.model.kind)})
                  </td>
                  <td className="hash" title={p.model.sha256 ?? undefined}>
                    {p.model.sha256 ? `${p.model.sha256.slice(0, 16)}…` : t('provenance.noFile')}
                  </td>
                  <td>{p.model.quantisation ?? '—'}</td>
                  <td title={p.backend.detail ?? undefined}>{backend}</td>
                  <td>{p.strategy.chain.length ? p.strategy.chain.join(' → ') : t('provenance.noChain')}</td>
                  <td className="params">
                    {Object.entries(p.strategy.parameters)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </td>
                  <td>{p.strategy.seed ?? '—'}</td>
                  <td>
                    {p.app.name} {p.app.version}
                  </td>
                  <td title={p.nondeterminism?.note}>
                    {p.nondeterminism
                      ? t(`provenance.nondet.${p.nondeterminism.code}` as MessageKey)
                      : t('provenance.exact')}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** One line per distinct reason the GPU could not be used, naming the first run it concerns. */
function GpuNotes({ runs }: { runs: readonly RunDetail[] }) {
  const t = useT()
  const seen = new Map<string, number>()
  for (const r of runs) {
    const reason = r.provenance?.backend.gpu?.reason
    if (reason && !seen.has(reason)) seen.set(reason, r.id)
  }
  return [...seen].map(([reason, id]) => (
    <p key={reason} className="gpu-note">
      {t('provenance.gpuNotUsed', { id, reason })}
    </p>
  ))
}

/** Runs decoded "as chat": the template's hash and the system prompt they were rendered with. */
function ChatNotes({ runs }: { runs: readonly RunDetail[] }) {
  const t = useT()
  return runs.map((r) => {
    const chat = r.provenance?.chat
    if (!chat) return null
    const vars = { id: r.id, hash: `${chat.templateSha256.slice(0, 16)}…` }
    return (
      <p key={r.id} className="chat-note" title={chat.templateSha256}>
        {chat.system === null
          ? t('provenance.chat', vars)
          : t('provenance.chatSystem', { ...vars, system: chat.system })}
      </p>
    )
  })
}
