import type { TokenId, TreeNode } from '../../../core/types'

/**
 * The nodes from the root's child down to the node (the root stands for the prompt, so its path is
 * empty). Throws when the node or one of its ancestors is missing, since a partial path would force
 * a different prefix.
 */
export function pathNodes(byId: ReadonlyMap<number, TreeNode>, id: number): TreeNode[] {
  const path: TreeNode[] = []
  let node = byId.get(id)
  while (node && node.parent !== null) {
    if (node.tokenId === null) throw new Error(`tree node ${node.id} has a parent but no token`)
    path.push(node)
    node = byId.get(node.parent)
  }
  if (!node) throw new Error(`tree node ${id} is not connected to the root`)
  return path.reverse()
}

/** The token ids to force after the prompt to reach the node. */
export function nodePath(byId: ReadonlyMap<number, TreeNode>, id: number): TokenId[] {
  return pathNodes(byId, id).map((n) => n.tokenId as TokenId)
}
