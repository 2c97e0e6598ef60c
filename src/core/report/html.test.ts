import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../types'
import { REPORT_CSP, reportHtml } from './html'
import type { Report } from './json-schema'

/** A root with `width` children, each with `width` children: 1 + width + width² nodes. */
function wideTree(width: number): TreeNode[] {
  const nodes: TreeNode[] = [
    {
      id: 0,
      parent: null,
      tokenId: null,
      text: '',
      prob: 1,
      logProb: 0,
      depth: 0,
      rank: 0,
      status: 'chosen',
      expanded: true,
      otherMass: 0,
      entropy: 1,
      partial: false,
    },
  ]
  const add = (parent: TreeNode, rank: number): TreeNode => {
    const prob = 1 / width
    const n: TreeNode = {
      ...parent,
      id: nodes.length,
      parent: parent.id,
      tokenId: nodes.length,
      text: `w${nodes.length}`,
      prob,
      logProb: parent.logProb + Math.log(prob),
      depth: parent.depth + 1,
      rank,
      status: rank === 0 ? 'chosen' : 'candidate',
    }
    nodes.push(n)
    return n
  }
  const level1 = Array.from({ length: width }, (_, r) => add(nodes[0], r))
  for (const p of level1) for (let r = 0; r < width; r++) add(p, r)
  return nodes
}

function report(tree: TreeNode[], prompt: string): Report {
  return {
    format: 'decoding-lab/report',
    version: 1,
    app: { name: 'decoding-lab', version: '9.9.9' },
    exportedAt: '2025-01-02T03:04:05.000Z',
    scope: 'run',
    experiment: {
      key: 'a'.repeat(64),
      modelId: 'm<1>',
      modelKind: 'table',
      modelSha256: null,
      vocabSize: 3,
      prompt,
      promptTokens: [prompt],
      maxTokens: 2,
      topN: 10,
      createdAt: '2025-01-01T00:00:00.000Z',
    },
    runs: [
      {
        position: 0,
        strategy: { name: 'nucleus', params: { p: 0.9, temperature: 1, seed: 42, samples: 1 } },
        status: 'done',
        error: null,
        optimal: null,
        warnings: ['cut beyond "<b>"'],
        createdAt: '2025-01-01T00:00:00.000Z',
        finishedAt: '2025-01-01T00:00:01.000Z',
        elapsedMs: 3,
        sequences: [
          {
            tokenIds: [1, 6],
            tokens: ['w1', 'w6'],
            text: 'w1w6',
            logProb: tree[6].logProb,
            probability: Math.exp(tree[6].logProb),
            finished: false,
            steps: [
              { tokenId: 1, token: 'w1', prob: 0.2, logProb: Math.log(0.2) },
              { tokenId: 6, token: 'w6', prob: 0.2, logProb: Math.log(0.2) },
            ],
            nodeId: 6,
          },
        ],
        tree,
      },
    ],
  }
}

/** The on-screen figure of the first tree, and its printed pages. */
function treeParts(html: string): { screen: string; pages: string } {
  const screen = html.slice(html.indexOf('<figure class="tree-figure">'), html.indexOf('<div class="tree-pages">'))
  const pages = html.slice(html.indexOf('<div class="tree-pages">'), html.indexOf('</section>'))
  return { screen, pages }
}

describe('reportHtml', () => {
  it('forbids scripts by CSP, escapes the prompt and model id, and lists every parameter with the seed', () => {
    const html = reportHtml(report(wideTree(5), '</title><script>alert(1)</script>\u202e'), { maxNodes: 100 })
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`)
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain(
      '<title>Decoding Lab report: m&lt;1&gt;, “&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\u{202e}”</title>',
    )
    expect(html).toContain('<td>p = 0.9, temperature = 1, samples = 1</td><td class="num">42</td>')
    expect(html).toContain('warning: cut beyond &quot;&lt;b&gt;&quot;')
    expect(html).toContain('<i>the model file was not found when this report was made</i>')
    expect(html).toContain(
      '<li><b>run 1 nucleus:p=0.9,temperature=1,seed=42,samples=1</b>: P(<span class="tok">w1</span> <span class="tok">w6</span>) = 0.2 × 0.2 = 0.04</li>',
    )
    const { screen, pages } = treeParts(html)
    expect(screen.match(/<g class="tree-node"/g)).toHaveLength(31)
    // Depth 0-2 fit across one page, but 25 leaf rows × 26 px = 650 px do not fit down it (552 px): two pages, each node on one.
    expect(pages.match(/<figure class="tree-page">/g)).toHaveLength(2)
    expect(pages.match(/<g class="tree-node"/g)).toHaveLength(31)
    expect(html).not.toContain('class="note"')
  })

  it('cuts a large tree to its most probable branches and says how many nodes were left out', () => {
    const html = reportHtml(report(wideTree(5), ''), { maxNodes: 10 })
    expect(treeParts(html).screen.match(/<g class="tree-node"/g)).toHaveLength(10)
    expect(html).toContain(
      '<p class="note">This tree has 31 nodes; only the 10 nodes of its most probable branches (and of the returned sequences) are drawn, leaving out 21. The JSON export holds every node.</p>',
    )
  })

  it("speaks the app's language: Chinese headings, table heads, notes, tree legend and labels, with the tokens and values untouched", () => {
    const html = reportHtml(report(wideTree(5), '天'), { maxNodes: 10, locale: 'zh-CN' })
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toContain('<title>Decoding Lab 报告：m&lt;1&gt;, “天”</title>')
    expect(html).toContain('<h1>Decoding Lab 报告</h1>')
    expect(html).toContain('<dt>模型</dt><dd><code>m&lt;1&gt;</code> (table，3 个词元)</dd>')
    expect(html).toContain('<h2>运行 1 nucleus:p=0.9,temperature=1,seed=42,samples=1 的树</h2>')
    expect(html).toContain(
      '<p class="note">这棵树有 31 个节点；只绘制其最可能分支（以及返回序列）的 10 个节点，略去 21 个。 JSON 导出包含每个节点。</p>',
    )
    expect(html).toContain(
      '<thead><tr><th>运行</th><th>策略</th><th>参数</th><th>种子</th><th>状态</th><th>树节点数</th><th>毫秒</th></tr></thead>',
    )
    expect(html).toContain('<td>完成<br>警告：cut beyond &quot;&lt;b&gt;&quot;</td>')
    expect(html).toContain(
      '<thead><tr><th>策略</th><th>词元</th><th>概率</th><th>对数概率</th><th>困惑度</th><th>长度</th><th>已结束</th></tr></thead>',
    )
    expect(html).toContain('<td>否（达到最大词元数）</td>')
    expect(html).toContain('<h3>链式法则, P(X) = ∏ P(x<sub>t</sub> | x<sub>&lt;t</sub>)</h3>')
    expect(html).toContain('<figcaption>每步的累计对数似然</figcaption>')
    expect(html).toContain('<text x="15" dy="0.32em">选中</text>')
    expect(html).toContain('<text x="7" y="-8">（提示词）</text>')
    // No English sentence is left: the words the English report uses are all gone.
    for (const english of [
      'Strategies',
      'Comparison',
      'Likelihood',
      'Tree of',
      'probability tree of',
      'Model file',
      'Prompt',
      'warning:',
      '(prompt)',
      '>chosen<',
      'Made with',
      'page 1 of',
    ])
      expect(html, english).not.toContain(english)
  })

  it('stays in English without a locale', () => {
    const html = reportHtml(report(wideTree(2), ''), { maxNodes: 100 })
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<h2>Strategies</h2>')
    expect(html).toContain('<text x="15" dy="0.32em">chosen</text>')
  })
})
