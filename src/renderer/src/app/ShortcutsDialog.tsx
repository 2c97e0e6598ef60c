import { useT } from '../i18n/i18n'
import { Dialog } from './Dialog'
import { SHORTCUTS } from './shortcuts'

/** The list of keyboard shortcuts, opened with "?" or the header's "?" button. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT()
  return (
    <Dialog open={open} title={t('app.shortcuts')} onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{t(`app.shortcut.${s.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('app.shortcutsNote')}</p>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
    </Dialog>
  )
}
