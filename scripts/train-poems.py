#!/usr/bin/python3
"""Trains the shipped character-level poem model (llama architecture) on the CPU.

Needs Debian's python3-torch and the fortunes-zh package's poems:
    apt-get install -y python3-torch
    apt-get download fortunes-zh && dpkg -x fortunes-zh_*.deb /tmp/fortunes-zh
    /usr/bin/python3 scripts/train-poems.py --corpus /tmp/fortunes-zh --out /tmp/tang-poems
    node --import tsx scripts/write-poems-gguf.ts /tmp/tang-poems

It writes to --out: weights.bin (float32 tensors, little-endian, back to back), weights.json
(config, characters, tensor names as llama.cpp names them, shapes, offsets, training figures)
and reference.json (torch's top-5 after a few prompts, to check llama.cpp against).
The model is exactly what llama.cpp computes for a `llama` GGUF: RMSNorm, RoPE over adjacent
dimension pairs, causal multi-head attention, SwiGLU, untied output, no biases.
"""
import argparse
import json
import math
import os
import random
import re
import time

import torch
import torch.nn.functional as F

# Ids 0..258 are <unk>, <s>, </s> and the 256 byte tokens; characters follow (see src/core/gguf/char-vocab.ts).
BOS, EOS, FIRST_CHAR_ID = 1, 2, 259
PAD = -100


def load_poems(corpus_dir):
    poems = []
    for name in ('tang300', 'song100'):
        with open(os.path.join(corpus_dir, 'usr/share/games/fortunes', name), encoding='utf-8') as f:
            text = re.sub(r'\x1b\[[0-9;]*m', '', f.read())
        for block in re.split(r'^%[ \t]*$', text, flags=re.M):
            block = block.strip('\n')
            if block.strip():
                poems.append(block)
    return poems


class Block(torch.nn.Module):
    def __init__(self, d, heads, ff, eps):
        super().__init__()
        self.heads, self.eps = heads, eps
        self.attn_norm = torch.nn.Parameter(torch.ones(d))
        self.q = torch.nn.Linear(d, d, bias=False)
        self.k = torch.nn.Linear(d, d, bias=False)
        self.v = torch.nn.Linear(d, d, bias=False)
        self.o = torch.nn.Linear(d, d, bias=False)
        self.ffn_norm = torch.nn.Parameter(torch.ones(d))
        self.gate = torch.nn.Linear(d, ff, bias=False)
        self.up = torch.nn.Linear(d, ff, bias=False)
        self.down = torch.nn.Linear(ff, d, bias=False)

    def forward(self, x, cos, sin, dropout):
        b, t, d = x.shape
        h = rms_norm(x, self.attn_norm, self.eps)
        q, k, v = (w(h).view(b, t, self.heads, -1).transpose(1, 2) for w in (self.q, self.k, self.v))
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
        scores = scores.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float('-inf'))
        att = F.dropout(F.softmax(scores, -1), dropout, self.training) @ v
        x = x + F.dropout(self.o(att.transpose(1, 2).reshape(b, t, d)), dropout, self.training)
        h = rms_norm(x, self.ffn_norm, self.eps)
        return x + F.dropout(self.down(F.silu(self.gate(h)) * self.up(h)), dropout, self.training)


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope(x, cos, sin):
    # llama.cpp's `llama` RoPE rotates adjacent pairs (x0, x1), (x2, x3), … (not the two halves).
    x0, x1 = x[..., 0::2], x[..., 1::2]
    return torch.stack((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1).flatten(-2)


class Llama(torch.nn.Module):
    def __init__(self, vocab, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg['embedding_length']
        self.embed = torch.nn.Embedding(vocab, d)
        self.blocks = torch.nn.ModuleList(
            Block(d, cfg['head_count'], cfg['feed_forward_length'], cfg['rms_epsilon']) for _ in range(cfg['block_count'])
        )
        self.norm = torch.nn.Parameter(torch.ones(d))
        self.output = torch.nn.Linear(d, vocab, bias=False)
        torch.nn.init.normal_(self.embed.weight, std=0.02 * math.sqrt(d))

    def forward(self, ids, dropout=0.0):
        t = ids.shape[1]
        dh = self.cfg['embedding_length'] // self.cfg['head_count']
        inv = self.cfg['rope_freq_base'] ** (-torch.arange(0, dh, 2, dtype=torch.float32) / dh)
        ang = torch.arange(t, dtype=torch.float32)[:, None] * inv[None, :]
        cos, sin = ang.cos(), ang.sin()
        x = self.embed(ids)
        for blk in self.blocks:
            x = blk(x, cos, sin, dropout if self.training else 0.0)
        return self.output(rms_norm(x, self.norm, self.cfg['rms_epsilon']))

    def gguf_tensors(self):
        """(llama.cpp name, tensor) in the order the GGUF writer expects; torch Linear [out, in] maps directly."""
        out = [('token_embd.weight', self.embed.weight), ('output_norm.weight', self.norm), ('output.weight', self.output.weight)]
        for i, b in enumerate(self.blocks):
            p = f'blk.{i}.'
            out += [
                (p + 'attn_norm.weight', b.attn_norm), (p + 'attn_q.weight', b.q.weight), (p + 'attn_k.weight', b.k.weight),
                (p + 'attn_v.weight', b.v.weight), (p + 'attn_output.weight', b.o.weight), (p + 'ffn_norm.weight', b.ffn_norm),
                (p + 'ffn_gate.weight', b.gate.weight), (p + 'ffn_up.weight', b.up.weight), (p + 'ffn_down.weight', b.down.weight),
            ]
        return out


def encode(poem, char_ids, limit):
    return ([BOS] + [char_ids[c] for c in poem] + [EOS])[:limit]


def windows(stream, starts, rng, batch, length):
    """Training windows of the concatenated poems: half begin at a poem's BOS (as every prompt does), half anywhere."""
    x = torch.empty(batch, length, dtype=torch.long)
    y = torch.empty(batch, length, dtype=torch.long)
    for i in range(batch):
        at = rng.choice(starts) if rng.random() < 0.5 else rng.randrange(len(stream))
        at = min(at, len(stream) - length - 1)
        w = torch.tensor(stream[at : at + length + 1])
        x[i], y[i] = w[:-1], w[1:]
    return x, y


def padded(seqs):
    t = max(len(s) for s in seqs) - 1
    x = torch.zeros(len(seqs), t, dtype=torch.long)
    y = torch.full((len(seqs), t), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        s = torch.tensor(s)
        x[i, : len(s) - 1] = s[:-1]
        y[i, : len(s) - 1] = s[1:]
    return x, y


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--corpus', required=True, help='directory where fortunes-zh was unpacked (dpkg -x)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--steps', type=int, default=300)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--window', type=int, default=128, help='training window, tokens')
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--d', type=int, default=128)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--ff', type=int, default=384)
    ap.add_argument('--context', type=int, default=256)
    ap.add_argument('--dropout', type=float, default=0.1)
    ap.add_argument('--holdout', type=float, default=0.05, help='fraction of poems held out for perplexity')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=os.cpu_count())
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    poems = load_poems(args.corpus)
    chars = sorted(set(''.join(poems)))
    char_ids = {c: FIRST_CHAR_ID + i for i, c in enumerate(chars)}
    order = list(range(len(poems)))
    random.Random(args.seed).shuffle(order)
    n_held = max(1, round(len(poems) * args.holdout))
    held = [encode(poems[i], char_ids, args.context + 1) for i in order[:n_held]]
    train = [encode(poems[i], char_ids, len(poems[i]) + 2) for i in order[n_held:]]
    stream, starts = [], []
    for seq in train:
        starts.append(len(stream))
        stream += seq

    cfg = {
        'context_length': args.context, 'embedding_length': args.d, 'block_count': args.layers,
        'feed_forward_length': args.ff, 'head_count': args.heads, 'head_count_kv': args.heads,
        'rms_epsilon': 1e-5, 'rope_freq_base': 10000.0,
    }
    vocab = FIRST_CHAR_ID + len(chars)
    model = Llama(vocab, cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.1, betas=(0.9, 0.95))
    warmup = max(1, args.steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / args.steps)))
    )
    rng = random.Random(args.seed)
    start = time.time()
    model.train()
    for step in range(1, args.steps + 1):
        x, y = windows(stream, starts, rng, args.batch, args.window)
        loss = F.cross_entropy(model(x, args.dropout).reshape(-1, vocab), y.reshape(-1), ignore_index=PAD)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 50 == 0 or step == 1:
            print(f'step {step}/{args.steps} loss {loss.item():.3f} ({time.time() - start:.0f} s)', flush=True)
    train_seconds = time.time() - start

    model.eval()
    with torch.no_grad():
        nll, count = 0.0, 0
        for i in range(0, len(held), 16):
            x, y = padded(held[i : i + 16])
            nll += F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1), ignore_index=PAD, reduction='sum').item()
            count += int((y != PAD).sum())
        perplexity = math.exp(nll / count)
        print(f'held-out: {len(held)} poems, {count} tokens, perplexity {perplexity:.1f}', flush=True)

        reference = []
        for prompt in ('床前明月光，', '《春', '作者：李白\n'):
            ids = [BOS] + [char_ids[c] for c in prompt]
            probs = F.softmax(model(torch.tensor([ids]))[0, -1], -1)
            top = torch.topk(probs, 5)
            reference.append({'prompt': prompt, 'ids': top.indices.tolist(), 'probs': top.values.tolist()})

    os.makedirs(args.out, exist_ok=True)
    tensors, offset = [], 0
    with open(os.path.join(args.out, 'weights.bin'), 'wb') as f:
        for name, t in model.gguf_tensors():
            data = t.detach().to(torch.float32).contiguous().numpy().astype('<f4').tobytes()
            f.write(data)
            tensors.append({'name': name, 'shape': list(t.shape), 'offset': offset})
            offset += len(data)
    manifest = {
        'name': 'tang-poems', 'config': cfg, 'chars': chars, 'tensors': tensors,
        'training': {
            'poems': len(train), 'window': args.window, 'heldOutPoems': len(held), 'heldOutTokens': count, 'heldOutPerplexity': perplexity,
            'trainTokens': len(stream), 'steps': args.steps, 'batch': args.batch, 'lr': args.lr,
            'dropout': args.dropout, 'seed': args.seed, 'seconds': round(train_seconds), 'threads': args.threads,
            'torch': torch.__version__,
        },
    }
    with open(os.path.join(args.out, 'weights.json'), 'w', encoding='utf-8') as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, 'reference.json'), 'w', encoding='utf-8') as f:
        json.dump(reference, f, ensure_ascii=False, indent=1)
    print(f'wrote {args.out}: {len(tensors)} tensors, {offset / 2**20:.1f} MiB, trained in {train_seconds:.0f} s')


if __name__ == '__main__':
    main()
