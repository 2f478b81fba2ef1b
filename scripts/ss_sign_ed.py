#!/usr/bin/env python3
# Independent pure-Python ED of the 4x4 Shastry-Sutherland cluster (J = 1): energy, overlap with the dimer
# product and the sign agreement of three sign rules (docs/lattices.md). Usage: ss_sign_ed.py JP [JP ...]
# (about 20 s per coupling). Shares no code with the C++ library.
import sys, math, random
L = 4; N = 16
def s(x, y): return (y % L) * L + (x % L)
jp_bonds = [(s(x, y), s(x + 1, y)) for y in range(L) for x in range(L)] + \
           [(s(x, y), s(x, y + 1)) for y in range(L) for x in range(L)]
dimers = [(0,5),(2,7),(8,13),(10,15),(6,9),(4,11),(1,14),(3,12)]
states = [b for b in range(1 << N) if bin(b).count("1") == N // 2]
index = {b: i for i, b in enumerate(states)}
def build(jp, j):
    bonds = [(a, b, jp) for a, b in jp_bonds] + [(a, b, j) for a, b in dimers]
    diag, off = [], []
    for st in states:
        d = 0.0; o = []
        for a, b, c in bonds:
            if ((st >> a) & 1) == ((st >> b) & 1): d += 0.25 * c
            else:
                d -= 0.25 * c
                o.append((index[st ^ ((1 << a) | (1 << b))], 0.5 * c))
        diag.append(d); off.append(o)
    return diag, off
def apply(diag, off, v):
    return [diag[i] * v[i] + sum(c * v[k] for k, c in off[i]) for i in range(len(v))]
def dot(u, v): return sum(a * b for a, b in zip(u, v))
def lanczos(diag, off, m=90):
    rnd = random.Random(1); v = [rnd.uniform(-1, 1) for _ in states]
    nv = math.sqrt(dot(v, v)); v = [x / nv for x in v]
    V = [v]; al = []; be = []; vprev = None
    for k in range(m):
        w = apply(diag, off, V[-1]); a = dot(w, V[-1]); al.append(a)
        w = [wi - a * vi for wi, vi in zip(w, V[-1])]
        if vprev is not None: w = [wi - be[-1] * pi for wi, pi in zip(w, vprev)]
        for q in V[-3:]:  # light re-orthogonalisation
            c = dot(w, q); w = [wi - c * qi for wi, qi in zip(w, q)]
        b = math.sqrt(dot(w, w))
        if k == m - 1 or b < 1e-12: break
        be.append(b); vprev = V[-1]; V.append([x / b for x in w])
    n = len(al)
    def sturm(x):  # number of eigenvalues < x
        cnt = 0; q = al[0] - x
        if q < 0: cnt += 1
        for i in range(1, n):
            q = al[i] - x - be[i - 1] ** 2 / (q if q != 0 else 1e-300)
            if q < 0: cnt += 1
        return cnt
    lo, hi = -100.0, 100.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if sturm(mid) >= 1: hi = mid
        else: lo = mid
    lam = 0.5 * (lo + hi)
    # inverse iteration on the tridiagonal matrix (Thomas algorithm)
    y = [1.0] * n
    for _ in range(3):
        dd = [al[i] - lam - 1e-10 for i in range(n)]; rhs = y[:]; cc = be[:]
        for i in range(1, n):
            f = be[i - 1] / dd[i - 1]; dd[i] -= f * cc[i - 1]; rhs[i] -= f * rhs[i - 1]
        x = [0.0] * n; x[-1] = rhs[-1] / dd[-1]
        for i in range(n - 2, -1, -1): x[i] = (rhs[i] - cc[i] * x[i + 1]) / dd[i]
        nx = math.sqrt(dot(x, x)); y = [t / nx for t in x]
    psi = [0.0] * len(states)
    for c, vk in zip(y, V[:n]):
        psi = [p + c * q for p, q in zip(psi, vk)]
    npsi = math.sqrt(dot(psi, psi)); psi = [p / npsi for p in psi]
    return lam, psi
def up(st, site): return (st >> site) & 1
rules = {
    "none": lambda st: 1,
    "checkerboard (x+y even)": lambda st: (-1) ** sum(up(st, i) for i in range(N) if ((i % L) + (i // L)) % 2 == 0),
    "dimer rule (x even)": lambda st: (-1) ** sum(up(st, i) for i in range(N) if (i % L) % 2 == 0),
}
dimer_sites = dimers
def dimer_amp(st):
    a = 1.0
    for p, q in dimer_sites:
        if up(st, p) == up(st, q): return 0.0
        a *= 1.0 if up(st, p) else -1.0
    return a / 2 ** (len(dimers) / 2)
for jp in [float(x) for x in sys.argv[1:]]:
    diag, off = build(jp, 1.0)
    e, psi = lanczos(diag, off)
    hpsi = apply(diag, off, psi); e_ray = dot(psi, hpsi); res = math.sqrt(dot([h - e_ray * p for h, p in zip(hpsi, psi)],[h - e_ray * p for h, p in zip(hpsi, psi)]))
    ov = abs(sum(p * dimer_amp(st) for p, st in zip(psi, states)))
    out = [f"J'/J={jp}: E0={e_ray:.10f} E0/N={e_ray/N:.10f} residual={res:.1e} |<dimer|psi>|^2={ov**2:.4f}"]
    for name, r in rules.items():
        agree = abs(sum(p * p * (1 if p * r(st) > 0 else -1) for p, st in zip(psi, states)))
        out.append(f"  sign agreement {name}: {agree:.4f}")
    print("\n".join(out), flush=True)
