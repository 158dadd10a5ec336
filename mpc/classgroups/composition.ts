/**
 * Composition of forms: Gauss/Dirichlet composition (the textbook baseline) and Shanks' NUCOMP
 * and NUDUPL, which reduce while composing so that intermediate numbers stay near √|Δ| instead of
 * |Δ| (Jacobson and van der Poorten, "Computational aspects of NUCOMP", ANTS-V 2002,
 * Algorithms 1 and 2; variable names follow the paper).
 *
 * Variable time: the running time depends on the operands. Operands are public group elements or
 * (inside exponentiations by a secret) intermediate powers; see exponentiation.ts.
 * @module
 */
import { euclidWhileAbove, RUN_TO_END } from '../numbers/euclid.ts';
import { mod, xgcd } from '../numbers/modular.ts';
import { type Form, reduce } from './form.ts';

/**
 * Gauss composition followed by reduction (Cohen, A Course in Computational Algebraic Number
 * Theory, Algorithm 5.4.7). Correct for any two primitive forms of one discriminant; used as
 * the reference that NUCOMP is tested against and as the benchmarks' baseline.
 */
export function composePlain(f1: Form, f2: Form): Form {
  if (f1.a > f2.a) [f1, f2] = [f2, f1];
  const { a: a1, b: b1 } = f1;
  const { a: a2, b: b2, c: c2 } = f2;
  const s = (b1 + b2) >> 1n;
  const n = b2 - s;
  let y1: bigint;
  let d: bigint;
  if (a2 % a1 === 0n) {
    y1 = 0n;
    d = a1;
  } else {
    const e = xgcd(a2, a1); // u·a2 + v·a1 = d
    y1 = e.x;
    d = e.g;
  }
  let x2: bigint;
  let y2: bigint;
  let d1: bigint;
  if (s % d === 0n) {
    y2 = -1n;
    x2 = 0n;
    d1 = d;
  } else {
    const e = xgcd(s, d); // x2·s + y2·d = d1
    x2 = e.x;
    y2 = -e.y;
    d1 = e.g;
  }
  const v1 = a1 / d1;
  const v2 = a2 / d1;
  const r = mod(y1 * y2 * n - x2 * c2, v1);
  const b3 = b2 + 2n * v2 * r;
  const a3 = v1 * v2;
  const c3 = (c2 * d1 + r * (b2 + v2 * r)) / v1;
  return reduce(a3, b3, c3);
}

/**
 * The partial extended gcd of NUCOMP: Euclid's steps on (by, bx) while by > L and bx ≠ 0,
 * tracking the cofactors (y, x) of bx, then the sign fix for an odd number of steps.
 */
function partialXgcd(bx: bigint, by: bigint, bound: bigint) {
  const state = euclidWhileAbove({ r0: by, r1: bx, t0: 0n, t1: 1n, steps: 0 }, bound);
  const odd = (state.steps & 1) === 1;
  return {
    bx: state.r1,
    x: state.t1,
    by: odd ? -state.r0 : state.r0,
    y: odd ? -state.t0 : state.t0,
    iterated: state.steps > 0,
  };
}

/**
 * g = gcd(a, b) and the Euclid cofactor y of b (y·b ≡ g mod a), for a > 0: the value xgcd(a, b)
 * returns as y, without the exact division xgcd spends on the other cofactor — NUDUPL uses only y,
 * NUCOMP needs the other one only when gcd(u1, u2) ∤ s (rare).
 */
function gcdCofactor(a: bigint, b: bigint): { g: bigint; y: bigint } {
  const B = b < 0n ? -b : b;
  if (B === 0n) return { g: a, y: 0n };
  const state = euclidWhileAbove({ r0: a, r1: B, t0: 0n, t1: 1n, steps: 0 }, RUN_TO_END);
  return { g: state.r0, y: b < 0n ? -state.t0 : state.t0 };
}

/**
 * F = gcd(u2, u1) = b·u2 + c·u1 with the (b, c) of xgcd(u2, u1), c left to the caller.
 * For u1 ≠ u2 the Euclid sequence of (u1, u2) is the one of (u2, u1) up to a first swapping step
 * (quotient 0), so the cofactor of u2 it tracks is xgcd(u2, u1)'s b and c = (F − b·u2)/u1 follows
 * only if needed. For u1 = u2 the two orders differ (b = 0 vs 1): xgcd's own order is used.
 */
function bezoutOfA(u2: bigint, u1: bigint): { F: bigint; b: bigint } {
  if (u1 === u2) {
    const e = xgcd(u2, u1);
    return { F: e.g, b: e.x };
  }
  const { g, y } = gcdCofactor(u1, u2);
  return { F: g, b: y };
}

/**
 * NUCOMP: the reduced composition of two primitive positive definite forms of one discriminant.
 * `bound` is L = ⌊|Δ/4|^(1/4)⌋.
 */
export function nucomp(f1: Form, f2: Form, bound: bigint): Form {
  // 1. Order the operands and set s, m.
  if (f1.c < f2.c) [f1, f2] = [f2, f1];
  const { a: u1, b: v1, c: w1 } = f1;
  const { a: u2, b: v2, c: w2 } = f2;
  const s = (v1 + v2) >> 1n;
  const m = v2 - s;

  // 2. F = gcd(u2, u1) = b·u2 + c·u1.
  const { F, b } = bezoutOfA(u2, u1);
  let By = u1 / F;
  let Cy = u2 / F;
  let G: bigint;
  let Bx: bigint;
  let Dy: bigint;
  if (s % F === 0n) {
    G = F;
    Bx = m * b;
    Dy = s / F;
  } else {
    // 3. G = gcd(F, s) = x·F + y·s, H = F/G.
    const e = xgcd(F, s);
    G = e.g;
    const H = F / G;
    Dy = s / G;
    // 4.
    const c = (F - b * u2) / u1;
    const l = mod(e.y * (b * mod(w1, H) + c * mod(w2, H)), H);
    Bx = b * (m / H) + l * By;
    By *= H;
    Cy *= H;
  }

  // 5. Partial reduction.
  const { bx, x, by, y, iterated } = partialXgcd(mod(Bx, By), By, bound);

  let u3: bigint;
  let v3: bigint;
  let w3: bigint;
  if (!iterated) {
    // 6.
    const Q1 = Cy * bx;
    const cx = (Q1 - m) / By;
    const dx = (bx * Dy - w2) / By;
    u3 = by * Cy;
    w3 = bx * cx - G * dx;
    v3 = v2 - 2n * Q1;
  } else {
    // 7.
    const cx = (Cy * bx - m * x) / By;
    const Q1 = by * cx;
    const Q2 = Q1 + m;
    const dx = (Dy * bx - w2 * x) / By;
    const Q3 = y * dx;
    const Q4 = Q3 + Dy;
    const dy = Q4 / x;
    const cy = bx !== 0n ? Q2 / bx : (cx * dy - w1) / dx;
    u3 = by * cy - G * y * dy;
    w3 = bx * cx - G * x * dx;
    v3 = G * (Q3 + Q4) - Q1 - Q2;
  }
  return reduce(u3, v3, w3);
}

/** NUDUPL: the reduced square of a primitive positive definite form. `bound` as in {@link nucomp}. */
export function nudupl(f: Form, bound: bigint): Form {
  const { a: u, b: v, c: w } = f;
  // G = gcd(u, v) = x·u + y·v.
  const { g: G, y } = gcdCofactor(u, v);
  const By = u / G;
  const Dy = v / G;

  const p = partialXgcd(mod(y * w, By), By, bound);
  const { bx, by } = p;
  let u3 = by * by;
  let w3 = bx * bx;
  let v3 = -2n * by * bx;
  if (!p.iterated) {
    const dx = (bx * Dy - w) / By;
    v3 += v;
    w3 -= G * dx;
  } else {
    const dx = (bx * Dy - w * p.x) / By;
    const Q1 = dx * p.y;
    let dy = Q1 + Dy;
    v3 += G * (dy + Q1);
    dy = dy / p.x;
    u3 -= G * p.y * dy;
    w3 -= G * p.x * dx;
  }
  return reduce(u3, v3, w3);
}
