import type { NodeStatus } from './types'

/** One palette for node statuses, shared by the app's tree view and exported reports. */
export const STATUS_COLOURS: Record<NodeStatus, string> = {
  chosen: '#16a34a',
  kept: '#2563eb',
  pruned: '#dc2626',
  filtered: '#ca8a04',
  candidate: '#9ca3af',
}
