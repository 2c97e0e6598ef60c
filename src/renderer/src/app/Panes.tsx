import type { ReactNode } from 'react'
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels'
import { useT } from '../i18n/i18n'

/**
 * The resizable sidebar and workspace, their sizes kept in localStorage. On its own so that the
 * layout's first save (which re-renders whatever reads it) re-renders the panes, not the whole app.
 */
export function Panes({ sidebar, workspace }: { sidebar: ReactNode; workspace: ReactNode }) {
  const t = useT()
  const layout = useDefaultLayout({ id: 'decoding-lab-main', storage: localStorage })
  return (
    <Group
      className="app-panes"
      orientation="horizontal"
      defaultLayout={layout.defaultLayout}
      onLayoutChanged={layout.onLayoutChanged}
    >
      <Panel id="sidebar" defaultSize="34%" minSize="18%" className="pane pane-sidebar">
        {sidebar}
      </Panel>
      <Separator className="pane-separator" title={t('shell.resize')} />
      <Panel id="workspace" minSize="30%" className="pane pane-workspace">
        {workspace}
      </Panel>
    </Group>
  )
}
